// Package admin is Dialtone's HTTP side: health and readiness now; the REST
// API, the admin UI's handlers, metrics and SIP over WebSocket plug in here.
package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dialtone-pbx/dialtone/web"
)

// Check is one readiness condition: the database, a SIP listener, ...
type Check struct {
	Name string
	Fn   func(ctx context.Context) error
}

// Server serves HTTP for one node.
type Server struct {
	echo   *echo.Echo
	log    *slog.Logger
	checks []Check
	info   func() map[string]any
	mounts []mount
}

type mount struct {
	path string
	h    http.Handler
}

// WithHandler serves h for GET on path (SIP over WebSocket on /ws).
func WithHandler(path string, h http.Handler) Option {
	return func(s *Server) { s.mounts = append(s.mounts, mount{path, h}) }
}

// Option configures a Server.
type Option func(*Server)

// WithCheck adds a readiness check to /readyz.
func WithCheck(name string, fn func(ctx context.Context) error) Option {
	return func(s *Server) { s.checks = append(s.checks, Check{Name: name, Fn: fn}) }
}

// WithInfo adds fields (configuration version, counts) to /readyz's answer.
func WithInfo(fn func() map[string]any) Option {
	return func(s *Server) { s.info = fn }
}

// New builds the server and its routes.
func New(log *slog.Logger, opts ...Option) *Server {
	s := &Server{echo: echo.New(), log: log}
	for _, o := range opts {
		o(s)
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	for _, m := range s.mounts {
		e.GET(m.path, echo.WrapHandler(m.h))
	}
	e.GET("/*", echo.WrapHandler(http.FileServerFS(web.Admin())))
	return s
}

// Handler exposes the routes, for tests with httptest.
func (s *Server) Handler() http.Handler { return s.echo }

// Serve answers on ln until ctx is done, then stops accepting and lets
// requests in flight finish within grace.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
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

func (s *Server) errorHandler(err error, c echo.Context) {
	code := http.StatusInternalServerError
	msg := "internal error"
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code = he.Code
		msg = fmt.Sprint(he.Message)
	}
	if code >= 500 {
		s.log.Error("http request failed", "path", c.Path(), "err", err)
	}
	if c.Response().Committed {
		return
	}
	if err := c.JSON(code, map[string]string{"error": msg}); err != nil {
		s.log.Warn("http error response failed", "err", err)
	}
}
