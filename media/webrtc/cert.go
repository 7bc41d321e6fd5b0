package webrtc

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	pion "github.com/pion/webrtc/v4"
)

// certValidity is long because browsers check only the fingerprint
// (RFC 8827 §6.5), and a stable fingerprint is the point of persisting.
const certValidity = 10 * 365 * 24 * time.Hour

// loadCertificate reads the PEM certificate+key from path, or generates
// one and writes it there (mode 0600). An empty path means in memory only.
// A certificate that has expired (or expires within a day) is replaced.
func loadCertificate(path string, now time.Time) (cert *pion.Certificate, created bool, err error) {
	if path != "" {
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			c, perr := pion.CertificateFromPEM(string(b))
			if perr != nil {
				return nil, false, fmt.Errorf("%w: %s: %w", ErrCertificate, path, perr)
			}
			if c.Expires().After(now.Add(24 * time.Hour)) {
				return c, false, nil
			}
		case !errors.Is(err, fs.ErrNotExist):
			return nil, false, fmt.Errorf("%w: %w", ErrCertificate, err)
		}
	}
	c, err := newCertificate(now)
	if err != nil {
		return nil, false, err
	}
	if path == "" {
		return c, true, nil
	}
	pemText, err := c.PEM()
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrCertificate, err)
	}
	if err := writeFileAtomic(path, []byte(pemText)); err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrCertificate, err)
	}
	return c, true, nil
}

func newCertificate(now time.Time) (*pion.Certificate, error) {
	// ECDSA P-256: what browsers generate themselves, and the cheapest
	// handshake (RFC 8827 §6.5 requires it to be supported).
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCertificate, err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCertificate, err)
	}
	c, err := pion.NewCertificate(key, x509.Certificate{
		SerialNumber: serial,
		Version:      2,
		Subject:      pkix.Name{CommonName: "dialtone"},
		Issuer:       pkix.Name{CommonName: "dialtone"},
		NotBefore:    now.Add(-24 * time.Hour),
		NotAfter:     now.Add(certValidity),
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCertificate, err)
	}
	return c, nil
}

// writeFileAtomic writes through a temporary file so a crash never leaves
// half a key behind.
func writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".dtls-*.pem")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after the rename
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// fingerprint returns the certificate's SHA-256 fingerprint as it appears
// in SDP (RFC 8122 §5), e.g. "sha-256 AB:CD:...".
func fingerprint(c *pion.Certificate) (string, error) {
	fps, err := c.GetFingerprints()
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrCertificate, err)
	}
	for _, fp := range fps {
		if fp.Algorithm == "sha-256" {
			return fp.Algorithm + " " + strings.ToUpper(fp.Value), nil
		}
	}
	if len(fps) == 0 {
		return "", fmt.Errorf("%w: no fingerprint", ErrCertificate)
	}
	return fps[0].Algorithm + " " + strings.ToUpper(fps[0].Value), nil
}
