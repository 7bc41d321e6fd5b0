package sbc

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Files SelfSignedTLS keeps its certificate and key in.
const (
	CertFile = "sip-cert.pem"
	KeyFile  = "sip-key.pem"
)

// SelfSignedTLS returns a TLS configuration for the SIP TLS listener from
// dir/sip-cert.pem and dir/sip-key.pem. When neither exists it first
// generates an ECDSA P-256 self-signed certificate valid for one year, for
// hosts (names or IP addresses) plus localhost and 127.0.0.1, and writes
// both (the key 0600); generated reports that. certFile is the certificate's
// path, for logging or for clients to trust. A pair that exists is used as
// it is, even expired: replacing it is the operator's decision.
func SelfSignedTLS(dir string, hosts []string) (cfg *tls.Config, certFile string, generated bool, err error) {
	certFile = filepath.Join(dir, CertFile)
	keyFile := filepath.Join(dir, KeyFile)
	_, certErr := os.Stat(certFile)
	_, keyErr := os.Stat(keyFile)
	switch {
	case certErr == nil && keyErr == nil:
	case errors.Is(certErr, fs.ErrNotExist) && errors.Is(keyErr, fs.ErrNotExist):
		if err := generateSelfSigned(dir, certFile, keyFile, hosts); err != nil {
			return nil, certFile, false, err
		}
		generated = true
	case certErr != nil && !errors.Is(certErr, fs.ErrNotExist):
		return nil, certFile, false, fmt.Errorf("sbc: tls certificate: %w", certErr)
	case keyErr != nil && !errors.Is(keyErr, fs.ErrNotExist):
		return nil, certFile, false, fmt.Errorf("sbc: tls key: %w", keyErr)
	default:
		return nil, certFile, false, fmt.Errorf("sbc: only one of %s and %s exists in %s: remove it or supply both", CertFile, KeyFile, dir)
	}
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, certFile, generated, fmt.Errorf("sbc: loading %s: %w", certFile, err)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{pair},
		MinVersion:   tls.VersionTLS12,
	}, certFile, generated, nil
}

func generateSelfSigned(dir, certFile, keyFile string, hosts []string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sbc: tls directory: %w", err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("sbc: generating tls key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return fmt.Errorf("sbc: tls serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "Dialtone SIP", Organization: []string{"Dialtone"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	names := append(slices.Clone(hosts), "localhost", "127.0.0.1")
	for _, h := range names {
		if h == "" {
			continue
		}
		if ip := net.ParseIP(h); ip != nil {
			if !slices.ContainsFunc(tmpl.IPAddresses, ip.Equal) {
				tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			}
		} else if !slices.Contains(tmpl.DNSNames, h) {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	if len(tmpl.DNSNames) > 0 {
		tmpl.Subject.CommonName = tmpl.DNSNames[0]
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return fmt.Errorf("sbc: creating tls certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("sbc: encoding tls key: %w", err)
	}
	// The key first, so that a crash between the two leaves no certificate
	// without its key; each file is written whole or not at all.
	if err := writeFileAtomic(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return err
	}
	if err := writeFileAtomic(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return err
	}
	return nil
}

func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return fmt.Errorf("sbc: writing %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing to remove
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return fmt.Errorf("sbc: writing %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("sbc: writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sbc: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sbc: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("sbc: writing %s: %w", path, err)
	}
	return nil
}
