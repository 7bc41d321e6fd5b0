package trunk

import "errors"

// Why a trunk host did not resolve. Resolve wraps one of these with the
// name and record type that failed.
var (
	// ErrNXDomain means the name does not exist (RCODE 3, RFC 1035 §4.1.1).
	ErrNXDomain = errors.New("trunk: no such domain")
	// ErrServFail means every server answered SERVFAIL (RCODE 2) or failed.
	ErrServFail = errors.New("trunk: DNS server failure")
	// ErrNoAddress means the name exists but has no usable SIP target:
	// no A/AAAA record, or an SRV target of "." (RFC 2782: service
	// decidedly not available).
	ErrNoAddress = errors.New("trunk: no address for host")
	// ErrInvalidHost means the host part is not a domain name, an IP
	// address or either with a port.
	ErrInvalidHost = errors.New("trunk: invalid host")
)

// Failover outcomes.
var (
	// ErrNoTargets means Failover was given an empty list.
	ErrNoTargets = errors.New("trunk: no targets")
	// ErrAllTargetsFailed means every target timed out, failed at the
	// transport, or answered 408/5xx.
	ErrAllTargetsFailed = errors.New("trunk: all targets failed")
)

// Profiles and presets.
var (
	// ErrInvalidProfile means a Profile field is missing or out of range.
	ErrInvalidProfile = errors.New("trunk: invalid profile")
	// ErrChimeHost means the host is not <id>.voiceconnector.chime.aws.
	ErrChimeHost = errors.New("trunk: not a Chime Voice Connector outbound host name")
	// ErrUnknownRegion means a region has no prefixes for the service.
	ErrUnknownRegion = errors.New("trunk: no address ranges for region")
	// ErrIPRanges means an ip-ranges.json document did not parse.
	ErrIPRanges = errors.New("trunk: bad ip-ranges document")
)

// ErrOverCPS means a call would exceed the trunk's calls-per-second limit
// and could not wait within the limiter's bound; answer it 503.
var ErrOverCPS = errors.New("trunk: calls-per-second limit reached")
