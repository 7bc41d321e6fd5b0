package admin

import (
	"crypto/rand"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// TokenPrefix starts every API token, so a leaked one is recognisable in
// logs and by secret scanners.
const TokenPrefix = "dtk_"

// NewAPIToken makes an API token for username: the secret, to show once,
// and the record to store, which holds only the secret's SHA-256. The CLI
// (`dialtone token add`) and the admin UI both make tokens here.
func NewAPIToken(name, username string, now time.Time) (secret string, t store.APIToken) {
	secret = TokenPrefix + newSecret()
	id := "tk-" + strings.ToLower(rand.Text()[:10])
	return secret, store.APIToken{ID: id, Name: name, Hash: HashAPIToken(secret), Username: username, CreatedAt: now}
}

// HashAPIToken is what the store keeps of a token.
func HashAPIToken(secret string) string { return hashSecret(secret) }

// ValidateTokenName checks a token's label: 1 to 100 printable characters.
func ValidateTokenName(name string) string {
	if strings.TrimSpace(name) == "" {
		return "give the token a name, e.g. what uses it"
	}
	if len(name) > 100 {
		return "must be at most 100 characters"
	}
	if hasControl(name) {
		return "must not contain control characters"
	}
	return ""
}

// requireToken authenticates an API request by its bearer token.
func (s *Server) requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get("Authorization")
		scheme, secret, ok := strings.Cut(h, " ")
		secret = strings.TrimSpace(secret)
		if !ok || !strings.EqualFold(scheme, "Bearer") || secret == "" || len(secret) > 200 {
			return s.unauthorized(c, "missing bearer token: send Authorization: Bearer TOKEN")
		}
		ctx := c.Request().Context()
		t, err := s.st.GetAPITokenByHash(ctx, HashAPIToken(secret))
		if errors.Is(err, store.ErrNotFound) {
			return s.unauthorized(c, "unknown API token")
		}
		if err != nil {
			return err
		}
		if !t.RevokedAt.IsZero() {
			return s.unauthorized(c, "API token revoked")
		}
		u, err := s.st.GetAdminUser(ctx, t.Username)
		if errors.Is(err, store.ErrNotFound) {
			return s.unauthorized(c, "the token's user no longer exists")
		}
		if err != nil {
			return err
		}
		now := s.now()
		if last, ok := s.touched.Load(t.ID); !ok || now.Sub(last.(time.Time)) > time.Minute {
			s.touched.Store(t.ID, now)
			if err := s.st.TouchAPIToken(ctx, t.ID, now); err != nil {
				s.log.Warn("recording API token use failed", "token", t.ID, "err", err)
			}
		}
		c.Set(ctxPrincipal, &principal{User: u.Username, Role: u.Role, Source: c.RealIP(), TokenID: t.ID, TokenName: t.Name})
		return next(c)
	}
}

func (s *Server) unauthorized(c echo.Context, msg string) error {
	c.Response().Header().Set("WWW-Authenticate", `Bearer realm="dialtone"`)
	return echo.NewHTTPError(http.StatusUnauthorized, msg)
}
