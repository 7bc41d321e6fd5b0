package trunk

import "time"

// Registration is the REGISTER state of a registration trunk
// (KindRegistration): what Dialtone's registration client last heard from
// the provider. Status carries it; nil for trunks that do not register.
type Registration struct {
	State string    `json:"state" doc:"registering, registered or failed"`
	Since time.Time `json:"since" doc:"when the state last changed"`
	// Target is the provider's server the last REGISTER went to.
	Target string `json:"target,omitempty"`
	// Expires is when the provider drops the binding unless refreshed;
	// GrantedS the expiry it granted, in seconds.
	Expires  time.Time `json:"expires,omitzero"`
	GrantedS int       `json:"granted_s"`
	// NextAttempt is when the next REGISTER (refresh or retry) goes.
	NextAttempt   time.Time `json:"next_attempt,omitzero"`
	LastCode      int       `json:"last_code" doc:"final response code of the last REGISTER, 0 for none"`
	LastError     string    `json:"last_error,omitempty"`
	Registrations uint64    `json:"registrations" doc:"successful REGISTERs since start"`
	Failures      uint64    `json:"failures"`
}
