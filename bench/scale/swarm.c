/*
 * Clients for bench/scale.py (a benchmark, not a test), in C: what bench/scale/swarm.js does,
 * for about a third of its CPU time. The clients run on the machine whose CPU the servers are
 * measured on, so every cycle they spend is taken from the servers. Most of what is left is
 * the kernel's: a read per message on 500 TCP sockets, and the acknowledgement each read sends
 * (whose receipt on the server's socket the loopback also charges to this process).
 *
 *     gcc -O2 -o swarm bench/scale/swarm.c && ./swarm CONFIG
 *
 * CONFIG (bench/scale.py writes it) holds one item a line:
 *
 *     lanes N                  voters at a time in each session
 *     out PATH                 where the results go (the rest of the line)
 *     server PID               a server process whose CPU time is measured (repeatable)
 *     round ITEM               the agenda item voted on in a round, in order (repeatable; the
 *                              first round's vote is open already)
 *     session ID               a session; the lines after it are its chair and clients
 *     chair HOST PORT COOKIE   the session's chair, the instructor's login cookie as the rest
 *                              of the line (NAME=VALUE; ...); first after its session line
 *     client HOST PORT COOKIE  a client (a voter), the seat cookie as NAME=VALUE
 *
 * Every client speaks Socket.IO (protocol 5) over Engine.IO (protocol 4) on a bare WebSocket,
 * as socket.io-client does with transports: ["websocket"], connects (a voter as a delegate, a
 * chair as the chair) and says hello. Then, in every session at once, `lanes` voters at a time
 * cast their ballot (each voter once a round, in order; the next as soon as one is
 * acknowledged). When every ballot of a session's round is acknowledged, its chair closes the
 * vote, reads the next round's item and calls a show-of-hands vote on it (each command
 * acknowledged before the next), and its voters start again; sessions go on independently.
 * The last round's vote is left open. The results go to `out` as swarm.js writes them, field
 * for field, and more: each client's view, and the chair's commands.
 *
 * One thread; non-blocking sockets in one epoll set, woken at most once every PACE_MS. A
 * batch is counted, and its span read from its first bytes; the rest is not parsed. A
 * browser's client parses and draws every batch, but on the students' own machines, not on
 * the server's.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>  /* INFINITY */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SETUP_WIDTH 16          /* clients connecting, or saying hello, at once (as swarm.js) */
#define REPLY_MS 30000.0        /* longest wait for a join, a hello's or a ballot's answer */
#define SETTLE_MS 500.0         /* quiet time between the hellos and the ballots */
#define TAIL_MS 20000.0         /* after the last ballot, longest wait for every client to catch up */
#define HARD_LIMIT_MS 300000.0  /* then exit 3, whatever is going on */
#define PACE_MS 1.0             /* least time from one wake to the next: see run_until */
#define MAX_SERVERS 16
#define MAX_FRAME (64u << 20)   /* a longer frame from the server is a protocol error */
#define READ_ROOM 4096          /* free bytes in a client's buffer before each read */

static const char BATCH[] = "42[\"batch\",{\"from\":";
static const char TO[] = ",\"to\":";
static const char PERSONAL[] = "\"personal\":";
static const char ACK_OK[] = "[{\"ok\":true,\"seq\":";
static const char ACK_REFUSED[] = "[{\"ok\":false,\"error\":";
#define LEN(literal) (sizeof(literal) - 1)

enum wait { IDLE, JOIN, HELLO, BALLOT, COMMAND };
static const char *const WAITING_FOR[] = {"", "connect", "hello", "ballot", "chair's command"};

/* What a chair sends between two rounds, in order; see chair_send. */
enum step { CLOSE, READ, CALL, STEPS };
static const char *const STEP_TYPE[] = {"CloseDecision", "AdvanceReading", "CallVote"};

struct batch {
    double t;
    long from, to;
};

struct pool;

struct client {
    int fd, session, port;
    int chair;             /* connects as its session's chair, and casts no ballot */
    char *host, *cookie;
    char *buf;             /* bytes read and not yet taken: the HTTP answer, then frames */
    size_t len, cap;
    int upgraded;
    enum wait wait;        /* what the client waits for, since when, in which pool */
    double since;
    struct pool *pool;
    long ack_id;           /* the id of the next (or awaited) acknowledgement */
    long hello_seq, messages;
    double *arrivals;
    size_t n_arrivals, cap_arrivals;
    struct batch *batches;  /* the session room's only */
    size_t n_batches, cap_batches;
    int holds;             /* has a batch that reaches its session's final seq */
};

/* Clients first .. first+n-1 each do one thing (start, then finish() on the answer), `width`
 * at a time: the next starts as soon as one finishes. `drained` runs when all have finished,
 * given the client that finished last. */
struct pool {
    size_t first, n, next, done, width;
    void (*start)(struct client *);
    void (*drained)(struct client *);
};

struct session {
    char *id;
    size_t chair;          /* its chair's index in clients, if has_chair */
    int has_chair;
    size_t first, n;       /* its voters */
    size_t round;          /* the round being voted, from 0 */
    enum step step;        /* between rounds: the chair's command awaited */
    long final_seq;        /* the highest seq of its acknowledged ballots, if has_final */
    int has_final;
    struct pool ballots;
};

struct ballot {
    int session, ok;
    double sent, acked;
    long seq;
    char *error;           /* the server's error object, as sent */
};

struct command {
    int session;
    enum step step;
    double sent, acked;
    long seq;
};

struct ticks {
    long pid, ticks;
};

struct cpu {
    double own_ms;
    long servers[MAX_SERVERS];  /* -1: unreadable (the process is gone) */
    unsigned long long busy, total, steal;
    struct ticks *postgres;
    size_t n_postgres, cap_postgres;
};

static struct client *clients;
static size_t n_clients, cap_clients;
static struct session *sessions;
static size_t n_sessions, cap_sessions;
static long server_pids[MAX_SERVERS];
static int n_servers;
static size_t lanes;
static char *out_path;
static char **items;             /* what each round votes on */
static size_t n_rounds, cap_items;

static int ep = -1;
static double hard_deadline;
static struct pool setup;
static struct ballot *ballots;
static size_t n_ballots, cap_ballots;
static struct command *commands;
static size_t n_commands, cap_commands;
static size_t sessions_voting;
static double first_done;        /* when the first session had every ballot of every round
                                  * acknowledged (0: not yet; the monotonic clock counts from
                                  * the machine's boot) */
static struct cpu cpu_first_done;
static size_t holding;           /* clients with client.holds */

/* --- small things --------------------------------------------------------------------- */

__attribute__((noreturn, format(printf, 1, 2)))
static void die(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fputs("swarm: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    exit(2);
}

static double now_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
        die("clock_gettime: %s", strerror(errno));
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* `items` with room for at least `need` items of `size` bytes (doubling, so appends are cheap) */
static void *grow(void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return items;
    size_t bigger = *cap ? *cap : 16;
    while (bigger < need)
        bigger *= 2;
    items = realloc(items, bigger * size);
    if (!items)
        die("out of memory");
    *cap = bigger;
    return items;
}

static char *copy(const char *text)
{
    char *out = strdup(text);
    if (!out)
        die("out of memory");
    return out;
}

static long whole(const char *text, const char *what)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || end == text || *end || n < 0)
        die("config: %s: not a whole number: %s", what, text);
    return n;
}

/* How much of the bytes from p to end an error message shows (they end with no NUL). */
static int shown(const char *p, const char *end)
{
    return end - p < 80 ? (int)(end - p) : 80;
}

/* The whole number at *at (advanced past it); a protocol error if there is none. */
static long digits(const char **at, const char *end)
{
    const char *p = *at;
    long n = 0;
    while (p < end && *p >= '0' && *p <= '9')
        n = n * 10 + (*p++ - '0');
    if (p == *at)
        die("expected a number at: %.*s", shown(p, end), p);
    *at = p;
    return n;
}

static int starts(const char *p, const char *end, const char *prefix, size_t len)
{
    return (size_t)(end - p) >= len && memcmp(p, prefix, len) == 0;
}

static size_t index_of(const struct client *c)
{
    return (size_t)(c - clients);
}

/* --- configuration -------------------------------------------------------------------- */

/* A session's or an item's id, which goes into URLs and JSON as it is. */
static char *safe_id(const char *id, const char *what)
{
    static const char SAFE[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~";
    if (!*id || id[strspn(id, SAFE)])
        die("config: %s %s: only letters, digits and -_.~ are expected", what, id);
    return copy(id);
}

static void add_round(const char *item)
{
    items = grow(items, &cap_items, n_rounds + 1, sizeof *items);
    items[n_rounds++] = safe_id(item, "round");
}

static void add_session(const char *id)
{
    sessions = grow(sessions, &cap_sessions, n_sessions + 1, sizeof *sessions);
    sessions[n_sessions++] = (struct session){.id = safe_id(id, "session"), .first = n_clients};
}

/* A voter, or its session's chair: HOST PORT COOKIE, the cookie the rest of the line (an
 * instructor's login cookie may come as several NAME=VALUE pairs). */
static void add_client(char *spec, int chair)
{
    char *rest;
    char *host = strtok_r(spec, " ", &rest);
    char *port = strtok_r(NULL, " ", &rest);
    if (!port || !*rest)
        die("config: %s: expected HOST PORT COOKIE", chair ? "chair" : "client");
    if (!n_sessions)
        die("config: a %s before any session", chair ? "chair" : "client");
    struct session *s = &sessions[n_sessions - 1];
    if (chair && (s->has_chair || s->n))
        die("config: session %s: one chair, before its clients", s->id);
    clients = grow(clients, &cap_clients, n_clients + 1, sizeof *clients);
    clients[n_clients++] = (struct client){
        .fd = -1, .session = (int)(n_sessions - 1), .port = (int)whole(port, "port"), .chair = chair,
        .host = copy(host), .cookie = copy(rest),
    };
    if (chair) {
        s->chair = n_clients - 1;
        s->has_chair = 1;
        s->first = n_clients;
    } else {
        s->n++;
    }
}

static void check_config(void)
{
    if (!lanes || !out_path || !n_rounds || !n_sessions)
        die("config: needs lanes, out, rounds and sessions");
    for (size_t i = 0; i < n_sessions; i++)
        if (!sessions[i].has_chair || !sessions[i].n)
            die("config: session %s needs a chair and clients", sessions[i].id);
}

static void load(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("%s: %s", path, strerror(errno));
    char *line = NULL;
    size_t size = 0;
    while (getline(&line, &size, f) >= 0) {
        line[strcspn(line, "\n")] = '\0';
        char *value = strchr(line, ' ');
        if (!value)
            die("config: %s", line);
        *value++ = '\0';
        if (!strcmp(line, "lanes"))
            lanes = (size_t)whole(value, "lanes");
        else if (!strcmp(line, "out"))
            out_path = copy(value);
        else if (!strcmp(line, "server")) {
            if (n_servers == MAX_SERVERS)
                die("config: more than %d servers", MAX_SERVERS);
            server_pids[n_servers++] = whole(value, "server");
        } else if (!strcmp(line, "round"))
            add_round(value);
        else if (!strcmp(line, "session"))
            add_session(value);
        else if (!strcmp(line, "chair"))
            add_client(value, 1);
        else if (!strcmp(line, "client"))
            add_client(value, 0);
        else
            die("config: unknown item %s", line);
    }
    if (ferror(f))
        die("%s: %s", path, strerror(errno));
    free(line);
    fclose(f);
    check_config();
}

/* --- CPU time ------------------------------------------------------------------------- */

/* The start of a /proc file, NUL-terminated; 0 if it cannot be read (the process is gone). */
static int read_proc(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0)
        return 0;
    buf[n] = '\0';
    return 1;
}

/* utime + stime of a process: fields 14 and 15 of /proc/PID/stat, counted after the last ')'
 * (the command name before it may hold spaces); -1 if unreadable */
static long process_ticks(long pid)
{
    char path[64], stat[1024];
    unsigned long utime, stime;
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    if (!read_proc(path, stat, sizeof stat))
        return -1;
    const char *paren = strrchr(stat, ')');
    if (!paren || sscanf(paren + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                         &utime, &stime) != 2)
        return -1;
    return (long)(utime + stime);
}

/* busy, total and stolen ticks of the whole machine (all cores): the first line of
 * /proc/stat, whose fields 4 and 5 (idle, iowait) are the idle time and field 8 the time the
 * hypervisor gave this machine's cores to others (counted as busy) */
static void machine_ticks(unsigned long long *busy, unsigned long long *total, unsigned long long *steal)
{
    char stat[4096];
    if (!read_proc("/proc/stat", stat, sizeof stat) || strncmp(stat, "cpu ", 4))
        die("/proc/stat: unreadable");
    char *p = stat + 4, *end;
    unsigned long long idle = 0;
    *total = *steal = 0;
    for (int field = 1; *p && *p != '\n'; field++) {
        unsigned long long n = strtoull(p, &end, 10);
        if (end == p)
            die("/proc/stat: not a number: %.*s", (int)strcspn(p, "\n"), p);
        *total += n;
        if (field == 4 || field == 5)
            idle += n;
        if (field == 8)
            *steal = n;
        p = end;
    }
    *busy = *total - idle;
}

/* CPU ticks of every PostgreSQL process (the server and its backends), by pid */
static void postgres_ticks(struct cpu *s)
{
    DIR *proc = opendir("/proc");
    if (!proc)
        die("/proc: %s", strerror(errno));
    struct dirent *entry;
    while ((entry = readdir(proc))) {
        char path[300], comm[64];
        if (entry->d_name[strspn(entry->d_name, "0123456789")])
            continue;
        snprintf(path, sizeof path, "/proc/%s/comm", entry->d_name);
        if (!read_proc(path, comm, sizeof comm) || strcmp(comm, "postgres\n"))
            continue;
        long pid = atol(entry->d_name), t = process_ticks(pid);
        if (t < 0)
            continue;
        s->postgres = grow(s->postgres, &s->cap_postgres, s->n_postgres + 1, sizeof *s->postgres);
        s->postgres[s->n_postgres++] = (struct ticks){pid, t};
    }
    closedir(proc);
}

static void cpu_now(struct cpu *s)
{
    struct rusage own;
    if (getrusage(RUSAGE_SELF, &own) < 0)
        die("getrusage: %s", strerror(errno));
    *s = (struct cpu){
        .own_ms = (own.ru_utime.tv_sec + own.ru_stime.tv_sec) * 1e3
                  + (own.ru_utime.tv_usec + own.ru_stime.tv_usec) / 1e3,
    };
    for (int i = 0; i < n_servers; i++)
        s->servers[i] = process_ticks(server_pids[i]);
    machine_ticks(&s->busy, &s->total, &s->steal);
    postgres_ticks(s);
}

static long postgres_at(const struct cpu *s, long pid)
{
    for (size_t i = 0; i < s->n_postgres; i++)
        if (s->postgres[i].pid == pid)
            return s->postgres[i].ticks;
    return 0;
}

/* swarm.js's cpuBetween, as JSON */
static void write_cpu_between(FILE *f, const struct cpu *a, const struct cpu *b)
{
    /* backends that ended in between are missed; new ones count from their start */
    long postgres = 0;
    for (size_t i = 0; i < b->n_postgres; i++)
        postgres += b->postgres[i].ticks - postgres_at(a, b->postgres[i].pid);
    fprintf(f, "{\"swarm_ms\":%.3f,\"server_ticks\":[", b->own_ms - a->own_ms);
    for (int i = 0; i < n_servers; i++) {
        if (a->servers[i] < 0 || b->servers[i] < 0)
            fprintf(f, "%snull", i ? "," : "");
        else
            fprintf(f, "%s%ld", i ? "," : "", b->servers[i] - a->servers[i]);
    }
    fprintf(f, "],\"machine_busy_ticks\":%llu,\"postgres_ticks\":%ld,\"machine_total_ticks\":%llu,"
            "\"steal_ticks\":%llu}", b->busy - a->busy, postgres, b->total - a->total, b->steal - a->steal);
}

/* --- sending -------------------------------------------------------------------------- */

static void send_all(struct client *c, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(c->fd, p, len);
        if (n >= 0) {
            p += n;
            len -= (size_t)n;
        } else if (errno == EAGAIN) {
            /* rare: what a client sends is small, and its socket's buffer near empty */
            struct pollfd out = {.fd = c->fd, .events = POLLOUT};
            int ready = poll(&out, 1, (int)REPLY_MS);
            if (ready == 0)
                die("client %zu: the server takes nothing in", index_of(c));
            if (ready < 0 && errno != EINTR)
                die("poll: %s", strerror(errno));
        } else if (errno != EINTR) {
            die("client %zu: write: %s", index_of(c), strerror(errno));
        }
    }
}

/* One text frame. A client's frames must be masked (RFC 6455, 5.3); the server unmasks with
 * whatever key comes, so a fixed one does. */
__attribute__((format(printf, 2, 3)))
static void emit(struct client *c, const char *format, ...)
{
    static const unsigned char key[4] = {0x5a, 0x3c, 0x96, 0xe1};
    char text[512];
    unsigned char frame[sizeof text + 8] = {0x81};
    va_list args;
    va_start(args, format);
    int n = vsnprintf(text, sizeof text, format, args);
    va_end(args);
    if (n < 0 || (size_t)n >= sizeof text)
        die("a message too long to send: %s", format);
    size_t head = 2;
    if (n < 126) {
        frame[1] = (unsigned char)(0x80 | n);
    } else {
        frame[1] = 0x80 | 126;
        frame[2] = (unsigned char)(n >> 8);
        frame[3] = (unsigned char)n;
        head = 4;
    }
    memcpy(frame + head, key, sizeof key);
    head += sizeof key;
    for (int i = 0; i < n; i++)
        frame[head + (size_t)i] = (unsigned char)text[i] ^ key[i % 4];
    send_all(c, frame, head + (size_t)n);
}

static void await(struct client *c, enum wait what)
{
    c->wait = what;
    c->since = now_ms();
}

/* --- pools ---------------------------------------------------------------------------- */

static void pool_start_next(struct pool *p)
{
    struct client *c = &clients[p->first + p->next++];
    c->pool = p;
    p->start(c);
}

static void pool_begin(struct pool *p, size_t first, size_t n, size_t width, void (*start)(struct client *),
                       void (*drained)(struct client *))
{
    *p = (struct pool){.first = first, .n = n, .width = width, .start = start, .drained = drained};
    while (p->next < p->n && p->next < p->width)
        pool_start_next(p);
}

/* The answer a client waited for came: its pool starts the next client. */
static void finish(struct client *c)
{
    struct pool *p = c->pool;
    c->wait = IDLE;
    c->pool = NULL;
    p->done++;
    if (p->next < p->n)
        pool_start_next(p);
    else if (p->done == p->n && p->drained)
        p->drained(c);
}

static int setup_done(void)
{
    return setup.done == setup.n;
}

/* --- what a client does --------------------------------------------------------------- */

static void start_connect(struct client *c)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)c->port)};
    if (inet_pton(AF_INET, c->host, &addr.sin_addr) != 1)
        die("client %zu: %s is not an IPv4 address", index_of(c), c->host);
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        die("socket: %s", strerror(errno));
    /* a blocking connect: to this machine it takes no time, and the setup is not measured */
    if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        die("client %zu: connect to %s:%d: %s", index_of(c), c->host, c->port, strerror(errno));
    /* as ws does: a ballot goes out at once, not when the last segment is acknowledged */
    int one = 1;
    if (setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
        die("setsockopt: %s", strerror(errno));
    if (fcntl(c->fd, F_SETFL, O_NONBLOCK) < 0)
        die("fcntl: %s", strerror(errno));
    char request[2048];
    int n = snprintf(request, sizeof request,
                     "GET /socket.io/?EIO=4&transport=websocket&session=%s HTTP/1.1\r\n"
                     "Host: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                     "Cookie: %s\r\n\r\n",
                     sessions[c->session].id, c->host, c->port, c->cookie);
    if (n < 0 || (size_t)n >= sizeof request)
        die("client %zu: the upgrade request is too long", index_of(c));
    send_all(c, request, (size_t)n);
    /* edge-triggered: a ready socket is read until drained, and reported again only when more
     * comes; a socket added with bytes already waiting is reported at once */
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0)
        die("epoll_ctl: %s", strerror(errno));
    await(c, JOIN);
}

static void start_hello(struct client *c)
{
    emit(c, "42%ld[\"hello\",{\"last_seq\":0}]", c->ack_id);
    await(c, HELLO);
}

static void start_ballot(struct client *c)
{
    emit(c, "42%ld[\"command\",{\"type\":\"CastBallot\",\"choice\":\"yes\"}]", c->ack_id);
    await(c, BALLOT);
}

/* The chair's command of its session's step, between the round voted and the next: close the
 * vote, read the next round's item (a vote on an item needs its reading), call the vote. */
static void chair_send(struct session *s)
{
    struct client *chair = &clients[s->chair];
    const char *item = items[s->round + 1];
    switch (s->step) {
    case CLOSE:
        emit(chair, "42%ld[\"command\",{\"type\":\"CloseDecision\"}]", chair->ack_id);
        break;
    case READ:
        emit(chair, "42%ld[\"command\",{\"type\":\"AdvanceReading\",\"item\":\"%s\"}]", chair->ack_id, item);
        break;
    case CALL:
        emit(chair, "42%ld[\"command\",{\"type\":\"CallVote\",\"subject\":{\"kind\":\"item\",\"id\":\"%s\"},"
                    "\"method\":\"show_of_hands\"}]", chair->ack_id, item);
        break;
    case STEPS:
        die("chair_send: no such step");
    }
    await(chair, COMMAND);
}

/* A session's pool of ballots drained: every ballot of the round acknowledged. The chair
 * opens the next round, or the session is done. */
static void round_voted(struct client *last)
{
    struct session *s = &sessions[last->session];
    if (s->round + 1 < n_rounds) {
        s->step = CLOSE;
        chair_send(s);
        return;
    }
    if (!first_done) {
        first_done = now_ms();
        cpu_now(&cpu_first_done);
    }
    sessions_voting--;
}

static void start_round(struct session *s)
{
    pool_begin(&s->ballots, s->first, s->n, lanes, start_ballot, round_voted);
}

/* The chair's command was acknowledged: the next, or, after the call, the next round. */
static void chair_done(struct client *chair, long seq, double t)
{
    struct session *s = &sessions[chair->session];
    commands = grow(commands, &cap_commands, n_commands + 1, sizeof *commands);
    commands[n_commands++] = (struct command){
        .session = chair->session, .step = s->step, .sent = chair->since, .acked = t, .seq = seq,
    };
    chair->wait = IDLE;
    if (++s->step < STEPS) {
        chair_send(s);
        return;
    }
    s->round++;
    start_round(s);
}

static int all_voted(void)
{
    return sessions_voting == 0;
}

static void hold(struct client *c, long to)
{
    const struct session *s = &sessions[c->session];
    if (!c->holds && s->has_final && to >= s->final_seq) {
        c->holds = 1;
        holding++;
    }
}

static int all_hold(void)
{
    return holding == n_clients;
}

static int never(void)
{
    return 0;
}

/* --- receiving ------------------------------------------------------------------------ */

/* A message the server pushed ("42..."): counted; a batch's span noted if it is the session
 * room's, which carries no "personal" (an unescaped quote before it can only be a key: text
 * in events is escaped). */
static void on_event(struct client *c, const char *p, size_t n, double t)
{
    c->messages++;
    c->arrivals = grow(c->arrivals, &c->cap_arrivals, c->n_arrivals + 1, sizeof *c->arrivals);
    c->arrivals[c->n_arrivals++] = t;
    const char *end = p + n, *at = p + LEN(BATCH);
    if (!starts(p, end, BATCH, LEN(BATCH)))
        return;
    long from = digits(&at, end);
    if (!starts(at, end, TO, LEN(TO)))
        die("a batch without its span: %.*s", shown(p, end), p);
    at += LEN(TO);
    long to = digits(&at, end);
    if (memmem(p, n, PERSONAL, LEN(PERSONAL)))
        return;
    c->batches = grow(c->batches, &c->cap_batches, c->n_batches + 1, sizeof *c->batches);
    c->batches[c->n_batches++] = (struct batch){t, from, to};
    hold(c, to);
}

static void record_ballot(struct client *c, long seq, const char *error, size_t error_len, double t)
{
    struct ballot b = {.session = c->session, .ok = !error, .sent = c->since, .acked = t, .seq = seq};
    if (error) {
        b.error = strndup(error, error_len);
        if (!b.error)
            die("out of memory");
    }
    ballots = grow(ballots, &cap_ballots, n_ballots + 1, sizeof *ballots);
    ballots[n_ballots++] = b;
}

/* An acknowledgement, after "43": ID[{"ok":true,"seq":N...}] or ID[{"ok":false,"error":{...}}]
 * (the error object last, as game/realtime/hub.py builds it). */
static void on_ack(struct client *c, const char *p, size_t n, double t)
{
    const char *end = p + n, *at = p, *error = NULL;
    long seq = -1;
    size_t error_len = 0;
    if (c->wait != HELLO && c->wait != BALLOT && c->wait != COMMAND)
        die("client %zu: an acknowledgement not awaited: %.*s", index_of(c), shown(p, end), p);
    if (digits(&at, end) != c->ack_id)
        die("client %zu: the acknowledgement of another message: %.*s", index_of(c), shown(p, end), p);
    c->ack_id++;
    if (starts(at, end, ACK_OK, LEN(ACK_OK))) {
        at += LEN(ACK_OK);
        seq = digits(&at, end);
    } else if (starts(at, end, ACK_REFUSED, LEN(ACK_REFUSED)) && end - at >= (long)LEN(ACK_REFUSED) + 2
               && end[-2] == '}' && end[-1] == ']') {
        error = at + LEN(ACK_REFUSED);
        error_len = (size_t)(end - 2 - error);
    } else {
        die("client %zu: an acknowledgement of unknown shape: %.*s", index_of(c), shown(p, end), p);
    }
    if (c->wait == COMMAND) {  /* the chair, in no pool */
        if (error)
            die("session %s: the chair's %s refused: %.*s", sessions[c->session].id,
                STEP_TYPE[sessions[c->session].step], (int)error_len, error);
        chair_done(c, seq, t);
        return;
    }
    if (c->wait == HELLO) {
        if (error)
            die("hello refused: %.*s", (int)error_len, error);
        c->hello_seq = seq;
    } else {
        record_ballot(c, seq, error, error_len, t);
    }
    finish(c);
}

/* An Engine.IO packet: a type digit, then for "4" (message) a Socket.IO packet type. */
static void on_text(struct client *c, const char *p, size_t n, double t)
{
    if (n >= 2 && p[0] == '4' && p[1] == '2')
        on_event(c, p, n, t);
    else if (n >= 2 && p[0] == '4' && p[1] == '3')
        on_ack(c, p + 2, n - 2, t);
    else if (n == 1 && p[0] == '2')
        emit(c, "3");  /* Engine.IO ping: pong */
    else if (n >= 2 && p[0] == '0' && p[1] == '{')  /* Engine.IO open: join the namespace */
        emit(c, "40{\"session\":\"%s\",\"view\":\"%s\"}", sessions[c->session].id, c->chair ? "chair" : "delegate");
    else if (n >= 2 && p[0] == '4' && p[1] == '0' && c->wait == JOIN)
        finish(c);
    else if (n >= 2 && p[0] == '4' && p[1] == '4')
        die("connect refused: %.*s", (int)(n - 2), p + 2);
    /* anything else (a noop, a namespace's disconnect) is ignored, as swarm.js ignores it */
}

/* The bytes after the server's HTTP answer; 0 while it is incomplete. */
static size_t upgrade(struct client *c)
{
    const char *blank = memmem(c->buf, c->len, "\r\n\r\n", 4);
    if (!blank)
        return 0;
    if (c->len < 13 || memcmp(c->buf, "HTTP/1.1 101 ", 13))
        die("client %zu: upgrade refused: %.*s", index_of(c), (int)strcspn(c->buf, "\r"), c->buf);
    c->upgraded = 1;
    return (size_t)(blank + 4 - c->buf);
}

/* Every whole frame in the client's buffer, arrived at `t`; a partial one stays for later. */
static void take(struct client *c, double t)
{
    size_t at = 0, need = 0;
    if (!c->upgraded && !(at = upgrade(c)))
        return;
    while (c->len - at >= 2) {
        const unsigned char *f = (const unsigned char *)c->buf + at;
        size_t avail = c->len - at, head = 2;
        uint64_t n = f[1] & 0x7f;
        if (f[1] & 0x80)
            die("client %zu: a masked frame from the server", index_of(c));
        if (n == 126) {
            head = 4;
            if (avail < head)
                break;
            n = (uint64_t)f[2] << 8 | f[3];
        } else if (n == 127) {
            head = 10;
            if (avail < head)
                break;
            n = 0;
            for (int i = 2; i < 10; i++)
                n = n << 8 | f[i];
            if (n > MAX_FRAME)
                die("client %zu: a frame of %llu bytes", index_of(c), (unsigned long long)n);
        }
        if (avail - head < n) {
            need = head + n;
            break;
        }
        if (f[0] == 0x81)  /* a whole text frame */
            on_text(c, (const char *)f + head, n, t);
        else if ((f[0] & 0x0f) == 0x8)
            die("client %zu: the server closed the connection", index_of(c));
        else
            die("client %zu: a frame of unexpected kind (first byte 0x%02x)", index_of(c), f[0]);
        at += head + n;
    }
    c->len -= at;
    memmove(c->buf, c->buf + at, c->len);
    /* room for the whole of a long frame (a hello's answer), so it takes as few reads as it can */
    c->buf = grow(c->buf, &c->cap, need, 1);
}

/* A socket epoll reported: read until drained. The time of each read is the arrival time of
 * every frame it completes. */
static void on_readable(struct client *c)
{
    for (;;) {
        c->buf = grow(c->buf, &c->cap, c->len + READ_ROOM, 1);
        size_t room = c->cap - c->len;
        ssize_t n = read(c->fd, c->buf + c->len, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        if (n < 0)
            die("client %zu: read: %s", index_of(c), strerror(errno));
        if (n == 0)
            die("client %zu: the server closed the connection", index_of(c));
        c->len += (size_t)n;
        take(c, now_ms());
        /* fewer bytes than asked for: the socket is drained, no need for a read that says
         * EAGAIN (epoll(7)); what comes later is reported anew */
        if ((size_t)n < room)
            return;
    }
}

/* Every client waiting for an answer has waited less than REPLY_MS. */
static void check_waits(double t)
{
    for (size_t i = 0; i < n_clients; i++)
        if (clients[i].wait != IDLE && t - clients[i].since > REPLY_MS)
            die("timed out: %s (client %zu)", WAITING_FOR[clients[i].wait], i);
}

static void sleep_until(double t)
{
    struct timespec ts = {.tv_sec = (time_t)(t / 1e3)};
    ts.tv_nsec = (long)((t - (double)ts.tv_sec * 1e3) * 1e6);
    int err;
    while ((err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL)) == EINTR)
        continue;
    if (err)
        die("clock_nanosleep: %s", strerror(err));
}

/* Serve every socket until done() or the time `until`. */
static void run_until(int (*done)(void), double until)
{
    struct epoll_event events[256];
    double next_check = now_ms() + 1000;
    while (!done()) {
        double t = now_ms();
        if (t >= until)
            return;
        if (t >= hard_deadline) {
            fputs("swarm: hard time limit\n", stderr);
            exit(3);
        }
        if (t >= next_check) {
            check_waits(t);
            next_check = t + 1000;
        }
        double wake = until < next_check ? until : next_check;
        if (hard_deadline < wake)
            wake = hard_deadline;
        int ready = epoll_wait(ep, events, sizeof events / sizeof *events, (int)(wake - t) + 1);
        if (ready < 0 && errno != EINTR)
            die("epoll_wait: %s", strerror(errno));
        double woke = now_ms();
        for (int i = 0; i < ready; i++)
            on_readable(events[i].data.ptr);
        /* A server writes a batch to its clients' sockets one after another, and each write
         * would wake this process anew: nearly one wake (a context switch, dearer here than a
         * read) per message. Sleeping out the rest of PACE_MS after a wake lets the next one
         * find many sockets ready at once. What arrives meanwhile is read, and timed, up to
         * PACE_MS late, and a ballot's acknowledgement answered so much later. */
        if (ready > 0)
            sleep_until(woke + PACE_MS);
    }
}

/* --- the run -------------------------------------------------------------------------- */

/* The highest acknowledged seq of each session, and who holds it already. */
static void settle_final_seqs(void)
{
    for (size_t i = 0; i < n_ballots; i++) {
        struct session *s = &sessions[ballots[i].session];
        if (ballots[i].ok && (!s->has_final || ballots[i].seq > s->final_seq)) {
            s->final_seq = ballots[i].seq;
            s->has_final = 1;
        }
    }
    for (size_t i = 0; i < n_clients; i++)
        for (size_t k = 0; k < clients[i].n_batches; k++)
            hold(&clients[i], clients[i].batches[k].to);
}

static void write_ballots(FILE *f)
{
    fputs("\"ballots\":[", f);
    for (size_t i = 0; i < n_ballots; i++) {
        const struct ballot *b = &ballots[i];
        fprintf(f, "%s{\"session\":\"%s\",\"sent\":%.3f,\"acked\":%.3f,", i ? "," : "", sessions[b->session].id,
                b->sent, b->acked);
        if (b->ok)
            fprintf(f, "\"ok\":true,\"seq\":%ld,\"error\":null}", b->seq);
        else
            fprintf(f, "\"ok\":false,\"seq\":null,\"error\":%s}", b->error);
    }
    fputs("]", f);
}

static void write_final_seqs(FILE *f)
{
    fputs("\"final_seq\":{", f);
    int comma = 0;
    for (size_t i = 0; i < n_sessions; i++) {
        if (sessions[i].has_final) {
            fprintf(f, "%s\"%s\":%ld", comma ? "," : "", sessions[i].id, sessions[i].final_seq);
            comma = 1;
        }
    }
    fputs("}", f);
}

static void write_clients(FILE *f)
{
    fputs("\"clients\":[", f);
    for (size_t i = 0; i < n_clients; i++) {
        const struct client *c = &clients[i];
        fprintf(f, "%s{\"session\":\"%s\",\"view\":\"%s\",\"hello_seq\":%ld,\"messages\":%ld,\"batches\":[",
                i ? "," : "", sessions[c->session].id, c->chair ? "chair" : "delegate", c->hello_seq, c->messages);
        for (size_t k = 0; k < c->n_batches; k++)
            fprintf(f, "%s[%.3f,%ld,%ld]", k ? "," : "", c->batches[k].t, c->batches[k].from, c->batches[k].to);
        fputs("],\"arrivals\":[", f);
        for (size_t k = 0; k < c->n_arrivals; k++)
            fprintf(f, "%s%.3f", k ? "," : "", c->arrivals[k]);
        fputs("]}", f);
    }
    fputs("]", f);
}

static void write_commands(FILE *f)
{
    fputs("\"commands\":[", f);
    for (size_t i = 0; i < n_commands; i++) {
        const struct command *m = &commands[i];
        fprintf(f, "%s{\"session\":\"%s\",\"type\":\"%s\",\"sent\":%.3f,\"acked\":%.3f,\"seq\":%ld}", i ? "," : "",
                sessions[m->session].id, STEP_TYPE[m->step], m->sent, m->acked, m->seq);
    }
    fputs("]", f);
}

static void write_results(double start, double last_ack, double end, const struct cpu *before,
                          const struct cpu *after)
{
    FILE *f = fopen(out_path, "w");
    if (!f)
        die("%s: %s", out_path, strerror(errno));
    fprintf(f, "{\"start\":%.3f,\"last_ack\":%.3f,\"end\":%.3f,\"first_done\":%.3f,", start, last_ack, end,
            first_done);
    write_ballots(f);
    fputc(',', f);
    write_commands(f);
    fputc(',', f);
    write_final_seqs(f);
    fputs(",\"cpu\":", f);
    write_cpu_between(f, before, after);
    fputs(",\"cpu_all_voting\":", f);
    write_cpu_between(f, before, &cpu_first_done);
    fputc(',', f);
    write_clients(f);
    fputs("}", f);
    if (ferror(f) | fclose(f))
        die("%s: could not write", out_path);
}

/* Forget what came during the setup: the counts start with the ballots. */
static void reset_counts(void)
{
    for (size_t i = 0; i < n_clients; i++) {
        clients[i].messages = 0;
        clients[i].n_arrivals = 0;
        clients[i].n_batches = 0;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: swarm CONFIG\n", stderr);
        return 2;
    }
    hard_deadline = now_ms() + HARD_LIMIT_MS;
    load(argv[1]);
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0)
        die("epoll_create1: %s", strerror(errno));

    pool_begin(&setup, 0, n_clients, SETUP_WIDTH, start_connect, NULL);
    run_until(setup_done, INFINITY);
    pool_begin(&setup, 0, n_clients, SETUP_WIDTH, start_hello, NULL);
    run_until(setup_done, INFINITY);
    run_until(never, now_ms() + SETTLE_MS);
    reset_counts();

    puts("phase:ballots");
    fflush(stdout);
    struct cpu before, after;
    cpu_now(&before);
    double start = now_ms();
    sessions_voting = n_sessions;
    for (size_t i = 0; i < n_sessions; i++)
        start_round(&sessions[i]);
    run_until(all_voted, INFINITY);
    double last_ack = now_ms();

    /* until every client holds its session's last seq, or TAIL_MS pass */
    settle_final_seqs();
    run_until(all_hold, last_ack + TAIL_MS);
    double end = now_ms();
    cpu_now(&after);

    write_results(start, last_ack, end, &before, &after);
    puts("done");
    return 0;
}
