/*
 * relayref: the minimal RTP relay Dialtone's relay is measured against
 * (scripts/bench-relay.sh). One thread, one epoll instance, recvmmsg and
 * sendmmsg, fixed peers, no latching, no statistics: the least a relay can
 * do per packet. Same stdin/stdout protocol as media/relay/internal/relayd.
 *
 *   gcc -O2 -o relayref relayref.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 16
#define PKT 2048

struct sock {
	int fd;
	int out;                 /* fd the packets go out of */
	struct sockaddr_in peer; /* where they go */
};

static struct sock *socks;
static int nsocks;

static int bind_udp(const char *ip) {
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) { perror("socket"); exit(1); }
	struct sockaddr_in sa = {.sin_family = AF_INET};
	inet_pton(AF_INET, ip, &sa.sin_addr);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) { perror("bind"); exit(1); }
	return fd;
}

static int port_of(int fd) {
	struct sockaddr_in sa;
	socklen_t l = sizeof sa;
	getsockname(fd, (struct sockaddr *)&sa, &l);
	return ntohs(sa.sin_port);
}

static void parse_addr(char *s, struct sockaddr_in *sa) {
	char *colon = strrchr(s, ':');
	if (!colon) { fprintf(stderr, "relayref: bad address %s\n", s); exit(1); }
	*colon = 0;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons(atoi(colon + 1));
	inet_pton(AF_INET, s, &sa->sin_addr);
}

static int64_t cpu_ns(void) {
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (int64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
	       (int64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

int main(int argc, char **argv) {
	const char *ip = argc > 1 ? argv[1] : "127.0.0.1";
	char line[256];
	int n;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!fgets(line, sizeof line, stdin) || sscanf(line, "calls %d", &n) != 1) {
		fprintf(stderr, "relayref: want \"calls N\"\n");
		return 1;
	}
	nsocks = 4 * n;
	socks = calloc(nsocks, sizeof *socks);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	for (int i = 0; i < n; i++) {
		char a[128], b[128];
		if (!fgets(line, sizeof line, stdin) || sscanf(line, "%127s %127s", a, b) != 2) {
			fprintf(stderr, "relayref: bad call line\n");
			return 1;
		}
		struct sock *s = &socks[4 * i]; /* a-rtp, a-rtcp, b-rtp, b-rtcp */
		for (int k = 0; k < 4; k++) s[k].fd = bind_udp(ip);
		parse_addr(a, &s[2].peer); /* what b receives goes to phone A */
		parse_addr(b, &s[0].peer); /* what a receives goes to phone B */
		s[3].peer = s[0].peer; s[3].peer.sin_port = htons(ntohs(s[0].peer.sin_port) + 1);
		s[1].peer = s[2].peer; s[1].peer.sin_port = htons(ntohs(s[2].peer.sin_port) + 1);
		s[0].out = s[2].fd; s[2].out = s[0].fd; s[1].out = s[3].fd; s[3].out = s[1].fd;
		for (int k = 0; k < 4; k++) {
			struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 4 * i + k};
			epoll_ctl(ep, EPOLL_CTL_ADD, s[k].fd, &ev);
		}
		printf("%d %d\n", port_of(s[0].fd), port_of(s[2].fd));
	}
	printf("ready\n");
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = UINT32_MAX};
	epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);

	static char bufs[BATCH][PKT];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct epoll_event evs[256];
	uint64_t packets = 0, pk0 = 0;
	int64_t c0 = 0;
	char cmd[256];
	size_t cmdlen = 0;
	memset(msgs, 0, sizeof msgs);
	for (int i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = PKT;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	for (;;) {
		int k = epoll_wait(ep, evs, 256, -1);
		if (k < 0 && errno == EINTR) continue;
		if (k < 0) { perror("epoll_wait"); return 1; }
		for (int e = 0; e < k; e++) {
			uint32_t id = evs[e].data.u32;
			if (id == UINT32_MAX) {
				ssize_t r = read(0, cmd + cmdlen, sizeof cmd - cmdlen - 1);
				if (r <= 0) return 0;
				cmdlen += r;
				cmd[cmdlen] = 0;
				char *nl;
				while ((nl = strchr(cmd, '\n'))) {
					*nl = 0;
					if (!strcmp(cmd, "mark")) { c0 = cpu_ns(); pk0 = packets; printf("ok\n"); }
					if (!strcmp(cmd, "stop")) {
						struct rusage ru;
						getrusage(RUSAGE_SELF, &ru);
						printf("cpu_ns=%lld packets=%llu heap_per_call=0 rss_kb=%ld\n",
						       (long long)(cpu_ns() - c0), (unsigned long long)(packets - pk0), ru.ru_maxrss);
					}
					size_t used = nl + 1 - cmd;
					memmove(cmd, nl + 1, cmdlen - used + 1);
					cmdlen -= used;
				}
				continue;
			}
			struct sock *s = &socks[id];
			int got = recvmmsg(s->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
			if (got <= 0) continue;
			for (int i = 0; i < got; i++) {
				iov[i].iov_len = msgs[i].msg_len;
				msgs[i].msg_hdr.msg_name = &s->peer;
				msgs[i].msg_hdr.msg_namelen = sizeof s->peer;
			}
			int sent = sendmmsg(s->out, msgs, got, 0);
			if (sent > 0) packets += sent;
			for (int i = 0; i < got; i++) { /* ready for the next recvmmsg */
				iov[i].iov_len = PKT;
				msgs[i].msg_hdr.msg_name = NULL;
				msgs[i].msg_hdr.msg_namelen = 0;
			}
		}
	}
}
