package queue

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

func startAuthServer(t *testing.T, opts *server.Options) string {
	t.Helper()
	opts.Host, opts.Port, opts.JetStream, opts.StoreDir, opts.NoLog, opts.NoSigs = "127.0.0.1", freePort(t), true, t.TempDir(), true, true
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server did not start")
	}
	t.Cleanup(s.Shutdown)
	return fmt.Sprintf("127.0.0.1:%d", opts.Port)
}

func TestConnectWithTokenOrPasswordInTheURL(t *testing.T) {
	ctx := context.Background()
	tokenAddr := startAuthServer(t, &server.Options{Authorization: "s3cret"})
	if _, err := Connect(ctx, Options{URL: "nats://" + tokenAddr}); err == nil {
		t.Fatal("connected without the token")
	}
	c, err := Connect(ctx, Options{URL: "nats://s3cret@" + tokenAddr})
	if err != nil {
		t.Fatalf("token in the URL: %v", err)
	}
	c.Close()

	userAddr := startAuthServer(t, &server.Options{Username: "quant", Password: "pa55"})
	_, err = Connect(ctx, Options{URL: "nats://quant:wrong@" + userAddr})
	if err == nil {
		t.Fatal("connected with a wrong password")
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Fatalf("the error shows the password: %v", err)
	}
	c, err = Connect(ctx, Options{URL: "nats://quant:pa55@" + userAddr})
	if err != nil {
		t.Fatalf("user and password in the URL: %v", err)
	}
	c.Close()
}

func TestConnectWithAnNkeySeedFile(t *testing.T) {
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := user.PublicKey()
	seed, _ := user.Seed()
	addr := startAuthServer(t, &server.Options{Nkeys: []*server.NkeyUser{{Nkey: pub}}})
	path := filepath.Join(t.TempDir(), "worker.nk")
	if err := os.WriteFile(path, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Connect(context.Background(), Options{URL: "nats://" + addr, Creds: path})
	if err != nil {
		t.Fatalf("nkey seed file: %v", err)
	}
	c.Close()

	junk := filepath.Join(t.TempDir(), "junk")
	os.WriteFile(junk, []byte("hello"), 0o600)
	if _, err := Connect(context.Background(), Options{URL: "nats://" + addr, Creds: junk}); err == nil || !strings.Contains(err.Error(), "neither a NATS credentials file nor an nkey seed") {
		t.Fatalf("a file that is neither: %v", err)
	}
}
