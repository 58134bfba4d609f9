"""The sandbox server: aiohttp on 127.0.0.1, a random port, REST under /api/v10 and the
gateway at /gateway, in the same event loop as the bot.

Every REST request goes through one wrapper that does what Discord's edge does, in
Discord's order: authentication, the invalid-request ban, injected faults, rate limits,
then the route; every exchange can be captured for the conformance test.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.kernel.clock import Clock, SimulatedClock
from bot.sandbox import payloads
from bot.sandbox.command_permissions import routes as command_permission_routes
from bot.sandbox.errors import DiscordError, not_found_route, unauthorized
from bot.sandbox.events import EventLog, SandboxEvent
from bot.sandbox.faults import FaultInjector, FaultPlan
from bot.sandbox.gateway import Gateway
from bot.sandbox.ratelimit import RateLimiter, RateLimitPolicy, RateLimitVerdict
from bot.sandbox.rest import API_PREFIX, ApiRequest, Reply, Route, multipart_form, parse_body
from bot.sandbox.routes_guilds import routes as guild_routes
from bot.sandbox.routes_interactions import routes as interaction_routes
from bot.sandbox.routes_messages import routes as message_routes
from bot.sandbox.state import Message, SandboxState

log = logging.getLogger(__name__)
JSON_HEADERS = {"Content-Type": "application/json"}  # exactly this: discord.py checks it


@dataclass(frozen=True)
class Exchange:
    """One REST request and the answer, as seen on the wire (for conformance checks)."""

    method: str
    path: str  # without the /api/v10 prefix
    template: str
    query: dict[str, str]
    request_body: bytes
    request_content_type: str
    request_headers: dict[str, str]
    status: int
    response_body: bytes
    response_headers: dict[str, str]


class SandboxServer:
    def __init__(
        self, clock: Clock, *, faults: FaultPlan | None = None,
        ratelimits: RateLimitPolicy | None = None, bot_name: str = "Companion",
    ) -> None:
        self.state = SandboxState.create(clock, bot_name=bot_name)
        self.faults = FaultInjector(faults)
        simulated = clock.now if isinstance(clock, SimulatedClock) else None
        self.ratelimits = RateLimiter(ratelimits, simulated=simulated)
        self.log = EventLog(self.state)
        self.gateway = Gateway(self.state, self.faults, lambda: self.gateway_url)
        self.in_flight = 0
        self.internal_errors: list[str] = []
        self.request_count = 0
        # (channel id, nonce) -> (message id, when): messages created with enforce_nonce.
        self.nonces: dict[tuple[int, str], tuple[int, datetime]] = {}
        self.captures: list[Exchange] | None = None  # set to a list to record exchanges
        self.capture_hooks: list[Callable[[Exchange], None]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- lifecycle --------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def events(self) -> list[SandboxEvent]:
        return self.log.events

    async def start(self) -> None:
        app = web.Application(client_max_size=25 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        every = [*guild_routes.routes, *message_routes.routes, *interaction_routes.routes,
                 *command_permission_routes.routes]
        # Literal segments (/users/@me, /messages/pins) must win over /users/{user_id}:
        # aiohttp tries routes in the order they were added.
        every.sort(key=lambda r: r.template.count("{"))
        for route in every:
            app.router.add_route(route.method, API_PREFIX + route.template, self._wrap(route))
        app.router.add_route("*", "/{tail:.*}", self._unknown_route)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server  # aiohttp exposes the bound port only through the server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1]
        log.info("sandbox Discord listening on %s", self.base_url)

    async def stop(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---- the REST edge ----------------------------------------------------------------
    def _wrap(self, route: Route) -> Callable[[web.Request], Any]:
        async def handle(request: web.Request) -> web.StreamResponse:
            self.in_flight += 1
            try:
                return await self._handle(route, request)
            finally:
                self.in_flight -= 1

        return handle

    async def _handle(self, route: Route, request: web.Request) -> web.Response:
        self.request_count += 1
        raw = await request.read()
        params = dict(request.match_info)
        status, body, headers = await self._answer(route, request, raw, params)
        self.ratelimits.record_status(status)
        if status == 204 or body is None:
            response = web.Response(status=status, headers=headers)
        elif isinstance(body, bytes):
            response = web.Response(status=status, body=body, headers=headers)
        else:
            response = web.Response(
                status=status, body=json.dumps(body).encode(), headers={**headers, **JSON_HEADERS}
            )
        self._capture(route, request, raw, response)
        return response

    async def _answer(
        self, route: Route, request: web.Request, raw: bytes, params: dict[str, str]
    ) -> tuple[int, Any, dict[str, str]]:
        if not route.interaction and request.headers.get("Authorization") != (
            f"Bot {self.state.token}"
        ):
            return 401, unauthorized().body(), {}
        if self.ratelimits.banned:
            # Past 10,000 invalid requests Cloudflare answers, not Discord: no Via, no JSON.
            return 429, b"error code: 1015", {"Content-Type": "text/plain"}
        plan = self.faults.plan
        if plan.latency:
            await asyncio.sleep(plan.latency)
        fault = self.faults.decide(route.method, route.template, params)
        if fault is not None and not fault.is_429:
            return fault.status, {"message": "Internal Server Error", "code": 0}, {}
        if fault is not None:
            # An injected 429 stands for a limit the sandbox does not model (a shared or
            # sub-limit): it uses up nothing in the route's bucket.
            injected = RateLimitVerdict(headers={}, limited=True, retry_after=fault.retry_after)
            return 429, injected.body(), injected.limited_headers()
        verdict = self.ratelimits.check(
            route.method, route.template, params, global_exempt=route.interaction
        )
        if verdict.limited:
            return 429, verdict.body(), verdict.limited_headers()
        try:
            api = await self._api_request(route, request, raw, params)
            reply: Reply = await route.handler(self, api)
        except DiscordError as error:
            return error.status, error.body(), verdict.headers
        except Exception as error:
            # A sandbox bug, not the bot's: log it, keep it for tests, and answer with a
            # 400 (a 5xx would make discord.py retry for seconds before giving up).
            log.exception("sandbox route %s %s failed", route.method, route.template)
            self.internal_errors.append(f"{route.method} {route.template}: {error!r}")
            return 400, {"message": f"sandbox internal error: {error!r}", "code": 0}, {}
        return reply.status, reply.body, verdict.headers

    async def _api_request(
        self, route: Route, request: web.Request, raw: bytes, params: dict[str, str]
    ) -> ApiRequest:
        form: dict[str, Any] | None = None
        if request.content_type.startswith("multipart/"):
            # The body was read once already (for capture): parse those bytes, since
            # aiohttp's request.post() would find the stream empty.
            form = multipart_form(raw, request.headers.get("Content-Type", ""))
        body, files = parse_body(raw, request.content_type, form)
        return ApiRequest(
            method=route.method, template=route.template, params=params,
            query=dict(request.query), body=body, files=files,
            reason=request.headers.get("X-Audit-Log-Reason"),
        )

    async def _unknown_route(self, request: web.Request) -> web.Response:
        error = not_found_route()
        return web.Response(status=404, body=json.dumps(error.body()).encode(),
                            headers=JSON_HEADERS)

    def _capture(self, route: Route, request: web.Request, raw: bytes,
                 response: web.Response) -> None:
        if self.captures is None and not self.capture_hooks:
            return
        body = response.body if isinstance(response.body, bytes) else b""
        exchange = Exchange(
            method=route.method, path=request.path.removeprefix(API_PREFIX),
            template=route.template, query=dict(request.query), request_body=raw,
            request_content_type=request.content_type,
            request_headers=dict(request.headers), status=response.status,
            response_body=body, response_headers=dict(response.headers),
        )
        if self.captures is not None:
            self.captures.append(exchange)
        for hook in self.capture_hooks:
            hook(exchange)

    # ---- helpers routes and member actions share -----------------------------------------
    def publish_message(self, message: Message) -> None:
        """Tell the bot (unless it is an ephemeral reply) and record it."""
        if message.ephemeral_for is None:
            self.gateway.dispatch("MESSAGE_CREATE", payloads.message_dispatch(self.state, message))
        self.log.message(message)

    def publish_edit(self, message: Message) -> None:
        if message.ephemeral_for is None:
            self.gateway.dispatch("MESSAGE_UPDATE", payloads.message_dispatch(self.state, message))
        self.log.edit(message)

    def publish_delete(self, message: Message, by: int) -> None:
        channel = self.state.channels[message.channel_id]
        data: dict[str, Any] = {"id": str(message.id), "channel_id": str(channel.id)}
        if channel.guild_id is not None:
            data["guild_id"] = str(channel.guild_id)
        if message.ephemeral_for is None:
            self.gateway.dispatch("MESSAGE_DELETE", data)
        self.log.delete(message, by)
