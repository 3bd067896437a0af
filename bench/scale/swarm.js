// Clients for bench/scale.py (a benchmark, not a test): several sessions, each with its
// clients spread over one or more server processes, all in this one Node process so that
// every receive time shares one clock.
//
//     node bench/scale/swarm.js CONFIG.json
//
// CONFIG: {sessions: [{id, clients: [{url, cookie}]}], lanes, out, server_pids}. Every client
// connects as a delegate (with the session id in the URL's query, as static/js/client.js does)
// and says hello. Then, in every session at once, `lanes` voters at a time cast
// their ballot (each client once; the next as soon as one is acknowledged). Each client
// records the session-room batches it gets; the results (per ballot: send time and stored
// seq; per client: batch arrivals and spans; the CPU time this swarm, each server process and
// the whole machine spent during the ballots) go to config.out.

"use strict";

const fs = require("fs");
const { performance } = require("perf_hooks");
const { io } = require("socket.io-client");

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const now = () => performance.now();
setTimeout(() => { console.error("swarm: hard time limit"); process.exit(3); }, config.hard_limit_ms || 300000).unref();

// CPU ticks (utime + stime) of a process, fields 14 and 15 of /proc/PID/stat
function ticks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch (err) {
    return null;
  }
}

// busy and total ticks of the whole machine (all cores), from /proc/stat
function machine() {
  const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

// CPU ticks of every PostgreSQL process (the server and its backends), by pid
function postgres() {
  const out = new Map();
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") continue;
    } catch (err) {
      continue;
    }
    const t = ticks(pid);
    if (t !== null) out.set(pid, t);
  }
  return out;
}

function cpuNow() {
  const own = process.cpuUsage();
  return { own_ms: (own.user + own.system) / 1000, servers: (config.server_pids || []).map(ticks), machine: machine(), postgres: postgres() };
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); })])
    .finally(() => clearTimeout(timer));
}

async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i], i); }
  }));
}

function connect(session, spec) {
  const client = { session: session.id, batches: [], messages: 0, held: 0 };
  const socket = io(spec.url, {
    transports: ["websocket"], forceNew: true, reconnection: false, timeout: 30000,
    extraHeaders: { Cookie: spec.cookie }, auth: { session: session.id, view: "delegate" }, query: { session: session.id },
  });
  client.socket = socket;
  socket.onAny((event, message) => {
    client.messages += 1;
    if (event === "batch" && message && message.state !== undefined) client.batches.push([now(), message.from, message.to]);
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(client));
    socket.once("connect_error", (err) => reject(new Error(`connect: ${err.message}`)));
  });
}

async function main() {
  const sessions = [];
  for (const session of config.sessions) {
    const clients = [];
    await pool(session.clients, 16, async (spec) => { clients.push(await withTimeout(connect(session, spec), 30000, "connect")); });
    sessions.push({ id: session.id, clients });
  }
  const all = sessions.flatMap((s) => s.clients);
  await pool(all, 16, async (c) => {
    const hello = await withTimeout(c.socket.emitWithAck("hello", { last_seq: 0 }), 30000, "hello");
    if (!hello.ok) throw new Error(`hello refused: ${JSON.stringify(hello.error)}`);
    c.held = hello.seq;
    c.helloSeq = hello.seq;
  });
  await new Promise((r) => setTimeout(r, 500));
  for (const c of all) { c.messages = 0; c.batches = []; }

  console.log("phase:ballots");
  const cpu0 = cpuNow();
  const start = now();
  const ballots = [];
  await Promise.all(sessions.map((s) => pool(s.clients, config.lanes, async (c) => {
    const sent = now();
    const ack = await withTimeout(c.socket.emitWithAck("command", { type: "CastBallot", choice: "yes" }), 30000, "ballot");
    ballots.push({ session: s.id, sent, acked: now(), ok: ack.ok, seq: ack.ok ? ack.seq : null, error: ack.ok ? null : ack.error });
  })));
  const lastAck = now();
  // Wait until every client holds its session's last seq (or 20 s pass).
  const finalSeq = {};
  for (const b of ballots) if (b.ok) finalSeq[b.session] = Math.max(finalSeq[b.session] || 0, b.seq);
  const holds = (c) => c.batches.some(([, , to]) => to >= finalSeq[c.session]);
  const deadline = now() + 20000;
  while (!all.every(holds) && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const end = now();
  const cpu1 = cpuNow();
  const result = {
    start, last_ack: lastAck, end, ballots, final_seq: finalSeq,
    cpu: {
      swarm_ms: cpu1.own_ms - cpu0.own_ms,
      server_ticks: cpu1.servers.map((t, i) => (t === null || cpu0.servers[i] === null ? null : t - cpu0.servers[i])),
      machine_busy_ticks: cpu1.machine.busy - cpu0.machine.busy,
      // backends that ended during the ballots are missed; new ones count from their start
      postgres_ticks: [...cpu1.postgres].reduce((a, [pid, t]) => a + t - (cpu0.postgres.get(pid) || 0), 0),
      machine_total_ticks: cpu1.machine.total - cpu0.machine.total,
    },
    clients: all.map((c) => ({ session: c.session, hello_seq: c.helloSeq, messages: c.messages, batches: c.batches })),
  };
  for (const c of all) c.socket.disconnect();
  fs.writeFileSync(config.out, JSON.stringify(result));
  console.log("done");
  process.exit(0);
}

main().catch((err) => { console.error("swarm:", err && err.stack ? err.stack : err); process.exit(2); });
