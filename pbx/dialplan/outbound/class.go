package outbound

import (
	"fmt"
	"strings"
)

// Class is what kind of call a number makes, and, as a permission, the
// widest kind an extension may make: internal < local < national <
// international. Emergency calls are allowed whatever the permission.
type Class uint8

// Classes, ordered by reach.
const (
	ClassNone Class = iota // zero value: no class; as a permission, emergency calls only
	ClassInternal
	ClassLocal
	ClassNational
	ClassInternational
	ClassEmergency
)

// String is the class as logged and configured.
func (c Class) String() string {
	switch c {
	case ClassNone:
		return "none"
	case ClassInternal:
		return "internal"
	case ClassLocal:
		return "local"
	case ClassNational:
		return "national"
	case ClassInternational:
		return "international"
	case ClassEmergency:
		return "emergency"
	}
	return fmt.Sprintf("class(%d)", uint8(c))
}

// ParseClass reads a class name in any case ("none" is not a class).
func ParseClass(s string) (Class, error) {
	for c := ClassInternal; c <= ClassEmergency; c++ {
		if strings.EqualFold(s, c.String()) {
			return c, nil
		}
	}
	return ClassNone, fmt.Errorf("outbound: unknown class %q (internal, local, national, international)", s)
}

// Permits reports whether a caller with permission p may make a call of
// class c. Emergency calls are always permitted; an unknown permission
// permits nothing else (fail closed).
func (p Class) Permits(c Class) bool {
	if c == ClassEmergency {
		return true
	}
	if p < ClassInternal || p > ClassInternational || c == ClassNone {
		return false
	}
	return c <= p
}
