// Package trunk holds the trunk side of the SBC as pure building blocks:
// RFC 3263 resolution of a trunk's host into an ordered failover list
// (Resolver, Failover), trunk profiles with the Amazon Chime Voice
// Connector preset (Profile, ChimePreset, ParseIPRanges) and a
// calls-per-second limiter (CPSLimiter).
//
// Nothing here owns a SIP socket: the Resolver speaks DNS, and Failover
// calls back into an Attempter that the caller implements with its own
// transaction layer.
package trunk
