"""A Streamlit session without a browser: the websocket protocol a browser tab speaks.

    async with StSession("http://127.0.0.1:8501") as s:
        first = await s.run("text=the film was good")     # open the page on that URL
        again = await s.run("text=the film was not good")  # a new sentence: a rerun
        print(first.seconds, first.errors, again.view)

What a tab does, and so what this does: GET the page (which sets the cookies a proxy may
route on), open a websocket to ``/_stcore/stream`` (subprotocol ``streamlit``; the second
entry is the XSRF token, the third the id of a session to resume), send ``BackMsg.rerun_script``
with a ``ClientState`` holding the page's query string and page script hash, and read
``ForwardMsg``s until ``script_finished``. An ``exception`` element or an error ``alert`` in
the run counts as an error. Like a browser it keeps the messages the server marks cacheable
(10 kB or more) and lists them in every rerun, so the server sends a reference to one it has
already sent, as it does for a real tab; a kept message unused for ``MAX_AGE`` runs is
dropped. Used by ``benchmarks/load.py`` and ``tests/test_scaleout.py``; knows nothing of
the app (no rnnviz import), so it measures the server and nothing else.

Only loopback URLs are accepted: this is a load generator, and it must never point at a
machine someone else runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ipaddress
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidHandshake

MAX_MESSAGES = 20_000  # one run of a page sends a few hundred; more means a runaway loop
MAX_AGE = 2  # runs a kept message may go unused (Streamlit's global.maxCachedMessageAge)


# loopback only: never through a proxy from the environment
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class NotLoopback(ValueError):
    pass


@dataclass
class Run:
    """One script run as the client saw it."""

    seconds: float  # from sending the rerun until script_finished arrived
    status: str  # ScriptFinishedStatus name
    errors: list[str] = field(default_factory=list)  # exceptions and error alerts
    messages: int = 0
    bytes: int = 0
    refs: int = 0  # messages sent as a reference to one this client kept
    session_id: str = ""
    view: tuple = ()  # what the page showed, as comparable data (see _summary)


def check_loopback(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not _is_loopback(parts.hostname):
        raise NotLoopback(f"only loopback http URLs are allowed here, not {url!r}")
    return parts


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback  # 127.0.0.0/8 and ::1
    except ValueError:
        return False


class StSession:
    """One browser tab's session; ``run(query)`` is one page load or rerun."""

    def __init__(self, url: str, timeout: float = 120.0, cookie: str | None = None):
        self.parts = check_loopback(url)
        self.timeout = timeout
        self.cookie = cookie  # carried across reconnects, as a browser keeps its cookies
        self.session_id = ""
        self.page_hash = ""
        self.query = ""
        self._ws = None
        self._kept: dict[str, tuple[bytes, int]] = {}  # hash → (message, runs unused)

    async def __aenter__(self) -> StSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self, resume: bool = False) -> None:
        """Open the websocket; ``resume`` asks the server for this session back (a tab
        reconnecting after a network blip); a server that does not have it starts a new one.
        """
        if self.cookie is None:
            self.cookie = await asyncio.to_thread(self._page_cookie)
        ws_url = urllib.parse.urlunsplit(
            ("ws" if self.parts.scheme == "http" else "wss", self.parts.netloc, "", "", "")
        )
        base = self.parts.path.rstrip("/")
        protocols = ["streamlit", "nil"]
        if resume and self.session_id:
            protocols.append(self.session_id)
        # a browser sends its page's origin; Streamlit refuses one that does not match Host
        headers = {"Origin": f"{self.parts.scheme}://{self.parts.netloc}"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self._ws = await connect(
            f"{ws_url}{base}/_stcore/stream",
            subprotocols=protocols,  # type: ignore[arg-type]
            additional_headers=headers,
            compression=None,
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
            proxy=None,  # loopback only: never through a proxy from the environment
        )

    def _page_cookie(self) -> str:
        """GET the page as a browser does first; the cookies it sets, as a Cookie header."""
        url = urllib.parse.urlunsplit(self.parts._replace(query="", fragment=""))
        with _NO_PROXY.open(url, timeout=self.timeout) as r:
            jar = SimpleCookie()
            for h in r.headers.get_all("Set-Cookie") or []:
                jar.load(h)
        return "; ".join(f"{k}={m.value}" for k, m in jar.items())

    async def reconnect(self, tries: int = 20, wait: float = 0.5) -> None:
        """What a tab does when its websocket drops: connect again (same cookies, asking
        for the same session), retrying a bounded number of times."""
        await self.close()
        for i in range(tries):
            try:
                await self.connect(resume=True)
                return
            except (OSError, InvalidHandshake, TimeoutError):
                if i == tries - 1:
                    raise
                await asyncio.sleep(wait)

    async def close(self) -> None:
        if self._ws is not None:
            ws, self._ws = self._ws, None
            with contextlib.suppress(Exception):  # already dropped by the server: fine
                await ws.close()

    async def run(self, query: str | None = None, page: str | None = None) -> Run:
        """Rerun the page with ``query`` (the URL's query string; None: the last one).
        ``page``: open that page of the app instead, by its URL path (``"units"``), as a
        browser does for ``/units``."""
        if self._ws is None:
            raise RuntimeError("not connected")
        if query is not None:
            self.query = query
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        if page is None:
            msg.rerun_script.page_script_hash = self.page_hash
        else:
            msg.rerun_script.page_name = page
        msg.rerun_script.widget_states.SetInParent()
        msg.rerun_script.cached_message_hashes.extend(self._kept)
        t0 = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        return await asyncio.wait_for(self._until_finished(t0), self.timeout)

    async def _until_finished(self, t0: float) -> Run:
        run = Run(seconds=0.0, status="")
        view: list = []
        for _ in range(MAX_MESSAGES):
            data = await self._ws.recv()
            run.messages += 1
            run.bytes += len(data)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "ref_hash":  # one we kept: read it from there, as a browser does
                if fm.ref_hash not in self._kept:
                    raise RuntimeError(f"a reference to a message never sent: {fm.ref_hash}")
                fm.ParseFromString(self._kept[fm.ref_hash][0])
                run.refs += 1
                kind = fm.WhichOneof("type")
            if fm.metadata.cacheable:
                self._kept[fm.hash] = (fm.SerializeToString(), -1)  # -1: used in this run
            if kind == "new_session":
                self.session_id = fm.new_session.initialize.session_id or self.session_id
                self.page_hash = fm.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string  # the page rewrote its URL
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                what = el.WhichOneof("type")
                if what == "exception":
                    run.errors.append(f"exception: {el.exception.type}: {el.exception.message}")
                elif what == "alert" and el.alert.format == Alert.ERROR:
                    run.errors.append(f"error alert: {el.alert.body[:200]}")
                view.append(_summary(el, what))
            elif kind == "script_finished":
                self._age_kept()
                run.seconds = time.perf_counter() - t0
                run.status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
                if fm.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("the script did not compile")
                if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # another run follows (the page asked for a rerun)
                run.session_id = self.session_id
                run.view = tuple(view)
                return run
        raise RuntimeError(f"no script_finished after {MAX_MESSAGES} messages")

    def _age_kept(self) -> None:
        self._kept = {h: (m, n + 1) for h, (m, n) in self._kept.items() if n + 1 <= MAX_AGE}


def _summary(el, what: str | None) -> tuple:
    """An element as comparable data: its type and the text or value a person would read."""
    if what in ("markdown", "heading"):
        return (what, getattr(el, what).body)
    if what == "text_input":
        ti = el.text_input
        return (what, ti.label, ti.value if ti.set_value else ti.default)
    if what == "alert":
        return (what, el.alert.body)
    if what == "progress":
        return (what, el.progress.text)
    if what == "bidi_component":  # the cell view's data: tokens, gates, numbers
        return (what, _digest(el.bidi_component.json))
    if what == "plotly_chart":
        return (what, _digest(el.plotly_chart.spec))
    return (what,)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
