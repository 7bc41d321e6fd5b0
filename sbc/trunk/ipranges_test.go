package trunk

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// awsSample is shaped like https://ip-ranges.amazonaws.com/ip-ranges.json
// with documentation addresses (RFC 5737, RFC 3849) and other services.
const awsSample = `{
  "syncToken": "1700000000",
  "createDate": "2026-11-25-00-00-00",
  "prefixes": [
    {"ip_prefix": "192.0.2.0/24", "region": "us-east-1", "service": "AMAZON", "network_border_group": "us-east-1"},
    {"ip_prefix": "198.51.100.0/24", "region": "us-east-1", "service": "CHIME_VOICECONNECTOR", "network_border_group": "us-east-1"},
    {"ip_prefix": "203.0.113.0/25", "region": "us-west-2", "service": "CHIME_VOICECONNECTOR", "network_border_group": "us-west-2"},
    {"ip_prefix": "198.51.100.0/24", "region": "us-east-1", "service": "CHIME_VOICECONNECTOR", "network_border_group": "us-east-1-x"},
    {"ip_prefix": "203.0.113.128/25", "region": "GLOBAL", "service": "EC2", "network_border_group": "GLOBAL"}
  ],
  "ipv6_prefixes": [
    {"ipv6_prefix": "2001:db8:1::/48", "region": "us-east-1", "service": "CHIME_VOICECONNECTOR", "network_border_group": "us-east-1"},
    {"ipv6_prefix": "2001:db8:2::/48", "region": "us-east-1", "service": "AMAZON", "network_border_group": "us-east-1"}
  ]
}`

func TestParseIPRanges(t *testing.T) {
	for _, tc := range []struct {
		name    string
		doc     string
		service string
		regions []string
		want    string
		err     string
	}{
		{"all regions", awsSample, "CHIME_VOICECONNECTOR", nil, "[198.51.100.0/24 203.0.113.0/25 2001:db8:1::/48]", ""},
		{"one region", awsSample, "CHIME_VOICECONNECTOR", []string{"us-west-2"}, "[203.0.113.0/25]", ""},
		{"region case", awsSample, "chime_voiceconnector", []string{"US-EAST-1"}, "[198.51.100.0/24 2001:db8:1::/48]", ""},
		{"other service", awsSample, "EC2", nil, "[203.0.113.128/25]", ""},
		{"unknown region", awsSample, "CHIME_VOICECONNECTOR", []string{"us-west-2", "eu-north-7"}, "", "trunk: no address ranges for region: eu-north-7 has none for CHIME_VOICECONNECTOR"},
		{"unknown service", awsSample, "NOPE", nil, "", "trunk: bad ip-ranges document: no prefixes for service NOPE"},
		{"not json", "<html>", "CHIME_VOICECONNECTOR", nil, "", "trunk: bad ip-ranges document: invalid character '<'"},
		{"not the format", `{"a": 1}`, "CHIME_VOICECONNECTOR", nil, "", `no "prefixes" or "ipv6_prefixes"`},
		{"bad prefix", `{"prefixes": [{"ip_prefix": "3.80.16.0/33", "region": "us-east-1", "service": "CHIME_VOICECONNECTOR"}]}`, "CHIME_VOICECONNECTOR", nil, "", `bad prefix "3.80.16.0/33"`},
		{"v6 in v4 list", `{"prefixes": [{"ip_prefix": "2001:db8::/32", "region": "us-east-1", "service": "CHIME_VOICECONNECTOR"}]}`, "CHIME_VOICECONNECTOR", nil, "", `bad prefix "2001:db8::/32"`},
		{"host bits masked", `{"prefixes": [{"ip_prefix": "3.80.16.9/23", "region": "us-east-1", "service": "CHIME_VOICECONNECTOR"}]}`, "CHIME_VOICECONNECTOR", nil, "[3.80.16.0/23]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseIPRanges(strings.NewReader(tc.doc), tc.service, tc.regions...)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := fmt.Sprint(got); s != tc.want {
				t.Errorf("got %s, want %s", s, tc.want)
			}
		})
	}
}

func TestParseIPRangesTooLarge(t *testing.T) {
	big := strings.NewReader(`{"prefixes": [` + strings.Repeat(" ", maxIPRangesSize) + `]}`)
	if _, err := ParseIPRanges(big, ChimeService); !errors.Is(err, ErrIPRanges) || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("err %v", err)
	}
}
