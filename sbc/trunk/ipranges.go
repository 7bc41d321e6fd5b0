package trunk

import (
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strings"
)

// maxIPRangesSize bounds a user-supplied ip-ranges.json; AWS's whole file
// is a few MB.
const maxIPRangesSize = 32 << 20

// ipRanges is the published format: "Syntax for AWS IP address range
// JSON" (VPC User Guide). Unknown fields are ignored.
type ipRanges struct {
	Prefixes []struct {
		IPPrefix string `json:"ip_prefix"`
		Region   string `json:"region"`
		Service  string `json:"service"`
	} `json:"prefixes"`
	IPv6Prefixes []struct {
		IPv6Prefix string `json:"ipv6_prefix"`
		Region     string `json:"region"`
		Service    string `json:"service"`
	} `json:"ipv6_prefixes"`
}

// ParseIPRanges reads AWS's ip-ranges.json and returns the IPv4 and IPv6
// prefixes of service (e.g. "CHIME_VOICECONNECTOR"), limited to regions
// when any are given, sorted and without duplicates. A region with no
// prefix for the service is an error (ErrUnknownRegion), so a typo does
// not silently allow nothing.
func ParseIPRanges(r io.Reader, service string, regions ...string) ([]netip.Prefix, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxIPRangesSize+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrIPRanges, err)
	}
	if len(data) > maxIPRangesSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrIPRanges, maxIPRangesSize)
	}
	var doc ipRanges
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrIPRanges, err)
	}
	if doc.Prefixes == nil && doc.IPv6Prefixes == nil {
		return nil, fmt.Errorf("%w: no \"prefixes\" or \"ipv6_prefixes\"", ErrIPRanges)
	}
	seen := make(map[string]bool) // regions that had a prefix for the service
	var out []netip.Prefix
	add := func(cidr, region, svc string, v6 bool) error {
		if !strings.EqualFold(svc, service) {
			return nil
		}
		if len(regions) > 0 && !slices.ContainsFunc(regions, func(r string) bool { return strings.EqualFold(r, region) }) {
			return nil
		}
		p, err := netip.ParsePrefix(cidr)
		if err != nil || p.Addr().Is6() != v6 {
			return fmt.Errorf("%w: bad prefix %q for %s in %s", ErrIPRanges, cidr, svc, region)
		}
		seen[strings.ToLower(region)] = true
		out = append(out, p.Masked())
		return nil
	}
	for _, p := range doc.Prefixes {
		if err := add(p.IPPrefix, p.Region, p.Service, false); err != nil {
			return nil, err
		}
	}
	for _, p := range doc.IPv6Prefixes {
		if err := add(p.IPv6Prefix, p.Region, p.Service, true); err != nil {
			return nil, err
		}
	}
	for _, r := range regions {
		if !seen[strings.ToLower(r)] {
			return nil, fmt.Errorf("%w: %s has none for %s", ErrUnknownRegion, r, service)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no prefixes for service %s", ErrIPRanges, service)
	}
	slices.SortFunc(out, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	return slices.Compact(out), nil
}
