// The live connection to a session: one socket, the state the server projects for this
// viewer, and the events seen so far (each once, by seq).
//
// Protocol (docs/protocol.md, game/realtime/hub.py): on connect we say "hello" with the last
// seq we hold and adopt the full state it returns. "batch" messages then arrive per room: the
// session room's carries the public keys that changed ({from, to, events, state}); the
// chair's or our delegation's room carries our personal view ({from, to, events, personal}).
// A gap in the session room's seqs means we missed a batch: we say hello again.

const MAX_EVENTS = 1000;
const ACK_TIMEOUT = 10000;

export function connect({session, view}) {
  const listeners = {state: [], events: [], status: []};
  let state = null;
  let lastSeq = 0;
  let identity = {player: null, name: undefined};
  let status = "connecting";
  let statusDetail = "";
  const seen = new Set();
  let events = [];

  // The session id also rides in the URL's query (?session=...), where a load balancer can
  // see it: hashing on it keeps a session's pages on one server process (docs/deployment.md).
  const socket = io({auth: {session, view}, query: {session}, transports: ["websocket", "polling"]});

  function emit(kind, ...args) { for (const fn of listeners[kind]) fn(...args); }
  function setStatus(next, detail = "") {
    if (next === status && detail === statusDetail) return;
    status = next;
    statusDetail = detail;
    emit("status", status, detail);
  }

  /** Keep events we have not seen, in seq order; return the new ones. */
  function ingest(list, {live}) {
    const fresh = [];
    for (const item of list || []) {
      if (seen.has(item.seq)) continue;
      seen.add(item.seq);
      fresh.push(item);
    }
    if (!fresh.length) return fresh;
    events = events.concat(fresh).sort((a, b) => a.seq - b.seq).slice(-MAX_EVENTS);
    emit("events", fresh, {live});
    return fresh;
  }

  let helloPending = false;
  let helloAgain = false;
  let aside = [];          // batches that arrive while a hello is unanswered (protocol, section 5)

  function hello() {
    if (!socket.connected) return;
    if (helloPending) { helloAgain = true; return; }
    helloPending = true;
    socket.timeout(ACK_TIMEOUT).emit("hello", {last_seq: lastSeq}, (err, reply) => {
      helloPending = false;
      if (err) { setTimeout(hello, 2000); return; }
      if (!reply.ok) { aside = []; onHelloRefused(reply.error || {}); return; }
      state = reply.state;
      identity = {player: state.you.player, name: state.you.name};
      lastSeq = reply.seq;
      ingest(reply.events, {live: false});
      const kept = aside;
      aside = [];
      for (const message of kept) apply(message);
      setStatus("live");
      emit("state", state);
      if (helloAgain) { helloAgain = false; hello(); }
    });
  }

  function onHelloRefused(error) {
    if (error.code === "seat_revoked") return setStatus("removed", error.message);
    if (error.code === "rate_limited") { setTimeout(hello, 3000); return; }
    setStatus("refused", error.message || "The server refused this page.");
  }

  function onBatch(message) {
    if (helloPending || !state) { aside.push(message); return; }
    if (apply(message)) emit("state", state);
  }

  /** Merge one batch into the state; false when it showed a gap and we asked again. */
  function apply(message) {
    if ("state" in message) {
      if (message.from > lastSeq + 1) { aside.push(message); hello(); return false; }
      if (message.to > lastSeq) {
        state = {...state, ...message.state};
        lastSeq = message.to;
      }
    }
    // A private room's batch shares its window's span; an older one is stale.
    if ("personal" in message && message.to >= lastSeq) {
      const you = {...message.personal.you, player: identity.player};
      if (identity.name !== undefined) you.name = identity.name;
      state = {...state, ...message.personal, you};
    }
    ingest(message.events, {live: true});
    return true;
  }

  socket.on("connect", () => { setStatus("syncing"); hello(); });
  socket.on("batch", onBatch);
  socket.on("reseat", () => hello());
  socket.on("removed", () => { setStatus("removed", "The chair removed you from this session."); socket.disconnect(); });
  socket.on("disconnect", (reason) => {
    if (status === "removed") return;
    if (reason === "io server disconnect") setStatus("refused", "The server closed this connection. Reload the page to reconnect.");
    else setStatus("reconnecting");
  });
  socket.on("connect_error", (error) => {
    if (socket.active) setStatus("reconnecting");
    else setStatus("refused", error && error.message ? error.message : "The server refused this page.");
  });

  return {
    on(kind, fn) { listeners[kind].push(fn); },
    get state() { return state; },
    get events() { return events; },
    get status() { return status; },
    /** Ask for the full state again (e.g. when something may have changed unannounced). */
    refresh: hello,
    /** Send a command; resolves to {ok, seq} or {ok: false, error: {code, message}}. */
    send(command) {
      if (!socket.connected) {
        return Promise.resolve({ok: false, error: {code: "offline", message: "Not connected to the conference; wait for the connection to come back and try again."}});
      }
      return new Promise((resolve) => {
        socket.timeout(ACK_TIMEOUT).emit("command", command, (err, ack) => {
          if (err) resolve({ok: false, error: {code: "timeout", message: "The server did not answer in time; check your connection and try again."}});
          else resolve(ack || {ok: false, error: {code: "no_answer", message: "The server gave no answer."}});
        });
      });
    },
  };
}
