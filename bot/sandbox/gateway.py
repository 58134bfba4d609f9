"""The gateway: a websocket speaking Discord's JSON protocol (text frames, no compression).

HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats and ACKs, RESUME → replay + RESUMED,
op 7 (reconnect), op 9 (invalid session) and op 8 (member chunks). A session outlives its
connection: dispatches sent while the bot is away wait in the session's backlog and are
replayed on RESUME, so a dropped connection loses nothing, as on Discord.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from bot.sandbox import payloads
from bot.sandbox.faults import FaultInjector
from bot.sandbox.state import SandboxState

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, RECONNECT, REQUEST_MEMBERS = 0, 1, 2, 3, 6, 7, 8
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11
HEARTBEAT_INTERVAL_MS = 41_250
BACKLOG_SIZE = 5_000
CLOSE_UNKNOWN_ERROR, CLOSE_AUTH_FAILED, CLOSE_NOT_AUTHENTICATED = 4000, 4004, 4003

# Which intent a dispatch needs; a bot that did not ask for it does not get it.
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
_MEMBER_EVENTS = {"GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE"}
_MESSAGE_EVENTS = {"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"}


@dataclass
class Session:
    id: str
    intents: int
    seq: int = 0
    backlog: list[tuple[int, str]] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None
    outbox: asyncio.Queue[str | None] | None = None


class Gateway:
    def __init__(
        self, state: SandboxState, faults: FaultInjector, url: Callable[[], str]
    ) -> None:
        self._state = state
        self._faults = faults
        self._url = url
        self.session: Session | None = None
        self.frames: list[dict[str, Any]] = []  # every frame sent: op, t, s (for tests)
        self.received_ops: list[int] = []
        self.identifies = 0
        self.resumes = 0
        self.connections = 0
        self._connections: set[web.WebSocketResponse] = set()

    @property
    def last_seq(self) -> int:
        """The sequence number of the last dispatch sent (or queued) to the bot."""
        return self.session.seq if self.session else 0

    @property
    def connected(self) -> bool:
        return self.session is not None and self.session.ws is not None

    # ---- dispatching ----------------------------------------------------------------
    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        session = self.session
        if session is None or not self._wants(session, event, data):
            return
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            data = self._strip_content(session, data)
        session.seq += 1
        frame = json.dumps({"op": DISPATCH, "t": event, "s": session.seq, "d": data})
        session.backlog.append((session.seq, frame))
        del session.backlog[:-BACKLOG_SIZE]
        self.frames.append({"op": DISPATCH, "t": event, "s": session.seq})
        if session.outbox is not None:
            session.outbox.put_nowait(frame)

    def _wants(self, session: Session, event: str, data: dict[str, Any]) -> bool:
        if event in _MEMBER_EVENTS:
            return bool(session.intents & INTENT_GUILD_MEMBERS)
        if event in _MESSAGE_EVENTS:
            needed = INTENT_GUILD_MESSAGES if "guild_id" in data else INTENT_DIRECT_MESSAGES
            return bool(session.intents & needed)
        return True

    def _strip_content(self, session: Session, data: dict[str, Any]) -> dict[str, Any]:
        """Without the message content intent, guild messages arrive without their text."""
        if session.intents & INTENT_MESSAGE_CONTENT or "guild_id" not in data:
            return data
        bot_id = str(self._state.bot_user.id)
        mentioned = any(u["id"] == bot_id for u in data.get("mentions", []))
        if data.get("author", {}).get("id") == bot_id or mentioned:
            return data
        return {**data, "content": "", "embeds": [], "attachments": [], "components": []}

    def _send_control(self, session: Session, op: int, d: Any) -> None:
        self.frames.append({"op": op, "t": None, "s": None})
        if session.outbox is not None:
            session.outbox.put_nowait(json.dumps({"op": op, "d": d}))

    # ---- faults ---------------------------------------------------------------------
    async def drop(self) -> None:
        """Close the bot's connection as a network failure would (it will RESUME)."""
        for ws in list(self._connections):
            await ws.close(code=CLOSE_UNKNOWN_ERROR, message=b"sandbox: connection dropped")

    def request_reconnect(self) -> None:
        """Send op 7: the bot should reconnect and RESUME."""
        if self.session is not None:
            self._send_control(self.session, RECONNECT, None)

    def invalidate(self, *, resumable: bool = False) -> None:
        """Send op 9: with ``resumable`` False the bot must IDENTIFY afresh."""
        if self.session is not None:
            self._send_control(self.session, INVALID_SESSION, resumable)

    # ---- the connection ---------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self.connections += 1
        self._connections.add(ws)
        outbox: asyncio.Queue[str | None] = asyncio.Queue()
        writer = asyncio.create_task(self._writer(ws, outbox), name="sandbox-gateway-writer")
        hello = {"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}}
        outbox.put_nowait(json.dumps(hello))
        self.frames.append({"op": HELLO, "t": None, "s": None})
        attached: Session | None = None
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op = frame.get("op")
                self.received_ops.append(op)
                if op == HEARTBEAT:
                    self.frames.append({"op": HEARTBEAT_ACK, "t": None, "s": None})
                    outbox.put_nowait(json.dumps({"op": HEARTBEAT_ACK}))
                elif op == IDENTIFY:
                    attached = await self._identify(ws, outbox, frame.get("d") or {})
                elif op == RESUME:
                    attached = self._resume(ws, outbox, frame.get("d") or {}) or attached
                elif op == REQUEST_MEMBERS and attached is not None:
                    self._chunk(frame.get("d") or {})
        finally:
            self._connections.discard(ws)
            if attached is not None and attached.ws is ws:
                attached.ws, attached.outbox = None, None
            outbox.put_nowait(None)
            await writer
        return ws

    async def _writer(self, ws: web.WebSocketResponse, outbox: asyncio.Queue[str | None]) -> None:
        while (frame := await outbox.get()) is not None:
            if ws.closed:
                continue
            try:
                await ws.send_str(frame)
            except (ConnectionError, RuntimeError):
                log.debug("gateway frame not sent: connection closing")

    def _attach(self, session: Session, ws: web.WebSocketResponse,
                outbox: asyncio.Queue[str | None]) -> None:
        session.ws, session.outbox = ws, outbox

    async def _identify(self, ws: web.WebSocketResponse, outbox: asyncio.Queue[str | None],
                        d: dict[str, Any]) -> Session | None:
        if d.get("token") != self._state.token:
            await ws.close(code=CLOSE_AUTH_FAILED, message=b"Authentication failed.")
            return None
        self.identifies += 1
        # A new IDENTIFY ends the old session: what it had not delivered is lost, as on Discord.
        session = Session(id=secrets.token_hex(16), intents=int(d.get("intents", 0)))
        self.session = session
        self._attach(session, ws, outbox)
        state = self._state
        self.dispatch("READY", {
            "v": 10,
            "user": payloads.user(state.bot_user),
            "guilds": [{"id": str(g), "unavailable": True} for g in state.guilds],
            "session_id": session.id,
            "resume_gateway_url": self._url(),
            "session_type": "normal",
            "application": {"id": str(state.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "user_settings": {},
            "_trace": ["sandbox"],
        })
        for guild in state.guilds.values():
            self.dispatch("GUILD_CREATE", payloads.guild_create(state, guild))
        return session

    def _resume(self, ws: web.WebSocketResponse, outbox: asyncio.Queue[str | None],
                d: dict[str, Any]) -> Session | None:
        session = self.session
        valid = (
            session is not None
            and d.get("session_id") == session.id
            and d.get("token") == self._state.token
            and not self._faults.plan.refuse_resume
        )
        if session is None or not valid:
            self.frames.append({"op": INVALID_SESSION, "t": None, "s": None})
            outbox.put_nowait(json.dumps({"op": INVALID_SESSION, "d": False}))
            return None
        self.resumes += 1
        self._attach(session, ws, outbox)
        after = int(d.get("seq") or 0)
        for seq, frame in session.backlog:
            if seq > after:
                outbox.put_nowait(frame)
        self.dispatch("RESUMED", {"_trace": ["sandbox"]})
        return session

    def _chunk(self, d: dict[str, Any]) -> None:
        guild = self._state.guilds.get(int(d.get("guild_id", 0)))
        if guild is None:
            return
        members = [payloads.member(self._state, m) for m in guild.members.values()]
        chunk: dict[str, Any] = {"guild_id": str(guild.id), "members": members,
                                 "chunk_index": 0, "chunk_count": 1}
        if d.get("nonce"):
            chunk["nonce"] = d["nonce"]
        self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def close(self) -> None:
        for ws in list(self._connections):
            await ws.close(code=1001, message=b"sandbox stopping")
