// Package quality computes call-quality figures for applications: the RFC
// 3550 interarrival jitter estimate (A.8) and an E-model MOS (ITU-T G.107).
// media/relay keeps its own jitter on the packet path; this one is for
// code that sees packets elsewhere (a jitter buffer, a recorder, a test).
package quality
