// Package admin is Dialtone's HTTP side: health and readiness, the admin
// UI (server-rendered pages with a little plain JavaScript), the REST API
// under /api/v1 with its OpenAPI document, and a mount point for SIP over
// WebSocket.
//
// The UI and the API run the same operations (operations.go): every change
// is validated whole before anything is written, is one store write, and is
// recorded in the audit log with who made it and from which address.
package admin

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

// Server serves HTTP for one node.
type Server struct {
	echo   *echo.Echo
	log    *slog.Logger
	checks []Check
	info   func() map[string]any
	mounts []mount

	st          store.Store
	phones      func() []Phone
	calls       CallSource
	trunkStatus TrunkStatus
	resolver    trunk.TargetResolver
	unknownDID  string
	bans        BanList
	policy      Policy
	sip         SIPInfo
	config      func() []Setting
	extraHealth func() map[string]any
	version     string
	now         func() time.Time
	eventEvery  time.Duration
	started     time.Time

	pages   map[string]*template.Template
	limiter *limiter
	hub     *hub
	touched sync.Map // token id -> time.Time of the last recorded use

	openapiOnce sync.Once
	openapiBody []byte
	openapiErr  error

	stopOnce sync.Once
	stopping chan struct{} // closed when the server shuts down: live streams end
}

type mount struct {
	path string
	h    http.Handler
}

// New builds the server and its routes.
func New(log *slog.Logger, opts ...Option) *Server {
	s := &Server{echo: echo.New(), log: log, now: time.Now, eventEvery: time.Second, stopping: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	s.policy = s.policy.withDefaults()
	s.started = s.now()
	if s.phones == nil {
		s.phones = func() []Phone { return nil }
	}
	if s.calls == nil {
		s.calls = noCalls{}
	}
	if s.resolver == nil {
		s.resolver = &lazyResolver{}
	}
	if s.sip.Realm == "" {
		s.sip.Realm = "dialtone"
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	// The audit log's "from where" must not come from a header a client
	// can write: use the peer address of the connection.
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = s.errorHandler
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	for _, m := range s.mounts {
		e.GET(m.path, echo.WrapHandler(m.h))
	}
	if s.st == nil {
		e.GET("/*", s.noUI)
		return s
	}
	s.pages = mustParsePages()
	s.limiter = newLimiter(s.policy.LoginBurst, s.policy.LoginInterval, s.now)
	s.hub = newHub(s)
	s.routes()
	return s
}

// Handler exposes the routes, for tests with httptest.
func (s *Server) Handler() http.Handler { return s.echo }

// Serve answers on ln until ctx is done, then stops accepting and lets
// requests in flight finish within grace. Live event streams end at once.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(s.stop)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if s.st != nil {
		go s.sweepSessions(ctx)
	}
	select {
	case err := <-errc:
		s.stop()
		return fmt.Errorf("admin: serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("admin: shutdown: %w", err)
	}
	return nil
}

// stop ends live event streams, which would otherwise hold a graceful
// shutdown for its whole grace period.
func (s *Server) stop() { s.stopOnce.Do(func() { close(s.stopping) }) }

// sweepSessions removes expired sessions now and then; a session is also
// checked for expiry on every use, so this only keeps the table small.
func (s *Server) sweepSessions(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := s.st.DeleteExpiredSessions(ctx, s.now(), s.policy.SessionIdle); err != nil {
			if ctx.Err() == nil {
				s.log.Warn("removing expired sessions failed", "err", err)
			}
		} else if n > 0 {
			s.log.Debug("expired sessions removed", "count", n)
		}
	}
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only when every check passes; a load balancer or the
// HA pair's peer uses it to decide whether this node can take calls.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	body := map[string]any{}
	if s.info != nil {
		for k, v := range s.info() {
			body[k] = v
		}
	}
	for _, ch := range s.checks {
		if err := ch.Fn(ctx); err != nil {
			body["status"] = "unavailable"
			body["reason"] = ch.Name + ": " + err.Error()
			return c.JSON(http.StatusServiceUnavailable, body)
		}
	}
	body["status"] = "ready"
	return c.JSON(http.StatusOK, body)
}

// noUI answers every other path when the server runs without a store.
func (s *Server) noUI(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotFound, "not found")
}

func isAPI(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/")
}

func (s *Server) errorHandler(err error, c echo.Context) {
	code := http.StatusInternalServerError
	msg := "internal error"
	var fields fieldErrors
	var he *echo.HTTPError
	var ve *validationError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		code = he.Code
		msg = fmt.Sprint(he.Message)
	case errors.As(err, &ve):
		code, msg, fields = http.StatusUnprocessableEntity, "invalid input", ve.fields
	case errors.As(err, &mbe):
		code, msg = http.StatusRequestEntityTooLarge, "request body too large"
	case errors.Is(err, store.ErrNotFound):
		code, msg = http.StatusNotFound, "not found"
	case errors.Is(err, store.ErrExists):
		code, msg = http.StatusConflict, "already exists"
	case errors.Is(err, store.ErrInUse):
		code, msg = http.StatusConflict, storeMessage(err)
	case errors.Is(err, store.ErrInvalid):
		code, msg = http.StatusUnprocessableEntity, strings.TrimPrefix(err.Error(), "invalid: ")
	}
	if code >= 500 {
		s.log.Error("http request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if c.Response().Committed {
		return
	}
	if s.pages != nil && !isAPI(c) && wantsHTML(c) {
		if fields != nil {
			msg = ve.Error()
		}
		s.errorPage(c, code, msg)
		return
	}
	body := map[string]any{"error": msg}
	if fields != nil {
		body["fields"] = fields
	}
	if err := c.JSON(code, body); err != nil {
		s.log.Warn("http error response failed", "err", err)
	}
}

// wantsHTML tells a browser from a script: browsers ask for text/html.
func wantsHTML(c echo.Context) bool {
	return strings.Contains(c.Request().Header.Get("Accept"), "text/html")
}
