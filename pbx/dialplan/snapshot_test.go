package dialplan_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan"
	"github.com/dialtone-pbx/dialtone/pbx/snapshot"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// The snapshot imports the dialplan's inbound table, so these tests live
// outside the package.
var (
	_ dialplan.Directory = (*snapshot.Snapshot)(nil)
	_ dialplan.Inbound   = (*snapshot.Snapshot)(nil)
)

// snapshotSource feeds a real snapshot.Watcher.
type snapshotSource struct {
	exts   []store.Extension
	trunks []store.Trunk
	dids   []store.DID
}

func (s snapshotSource) ConfigVersion(context.Context) (int64, error) { return 1, nil }
func (s snapshotSource) ListExtensions(context.Context) ([]store.Extension, error) {
	return s.exts, nil
}
func (s snapshotSource) ListTrunks(context.Context) ([]store.Trunk, error) { return s.trunks, nil }
func (s snapshotSource) ListDIDs(context.Context) ([]store.DID, error)     { return s.dids, nil }
func (s snapshotSource) ListRoutes(context.Context) ([]store.Route, error) { return nil, nil }

// TestRouteWithSnapshot routes against the snapshot call control will pass.
func TestRouteWithSnapshot(t *testing.T) {
	w := snapshot.NewWatcher(snapshotSource{
		exts: []store.Extension{
			{Number: "201", Enabled: true},
			{Number: "202", Enabled: true, RingTimeout: 10 * time.Second},
		},
		trunks: []store.Trunk{{Name: "chime", Enabled: true}},
		dids:   []store.DID{{Number: "+1555123020X", Trunk: "chime", Destination: "202"}},
	}, time.Second, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := w.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	d := dialplan.Route(dialplan.Input{Caller: dialplan.Caller{Number: "201"}, Dialled: "sip:202@pbx", Source: dialplan.SourceInternal, Snapshot: w.Current()})
	if d.Kind != dialplan.KindExtension || d.Extension.Number != "202" || d.RingTimeout != 10*time.Second {
		t.Fatalf("got %+v", d)
	}
	if d := dialplan.Route(dialplan.Input{Caller: dialplan.Caller{Number: "201"}, Dialled: "203", Source: dialplan.SourceInternal, Snapshot: w.Current()}); d.Kind != dialplan.KindNotFound {
		t.Fatalf("203: got %v", d.Kind)
	}
	d = dialplan.Route(dialplan.Input{Caller: dialplan.Caller{Number: "+12125550100"}, Dialled: "sip:+15551230205@pbx;user=phone",
		Source: dialplan.TrunkSource("chime"), Snapshot: w.Current()})
	if d.Kind != dialplan.KindExtension || d.Extension.Number != "202" || d.DID.Number != "+1555123020X" {
		t.Fatalf("DID: got %+v", d)
	}
}
