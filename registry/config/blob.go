package config

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// Large contents. A store value holds at most store.MaxValueSize and a
// transaction must stay well under what one engine transaction takes, while
// Nacos accepts 10 MiB of content. So a content above inlineMax is written
// first, in chunks of its own transactions, under a key named by its
// SHA-256; the config and its history record then carry only a reference,
// in the one small transaction that makes the change. The same content is
// stored once however many configs and records refer to it, and the watch
// that feeds the view carries no content at all.
//
// Blobs are never removed: history records, which Causeway keeps forever,
// refer to them. A publish that fails after writing its blob leaves it
// behind; the next publish of that content reuses it.
const (
	inlineMax = 64 << 10
	chunkSize = 512 << 10
)

// BlobRef names a content stored apart.
type BlobRef struct {
	SHA256 string `json:"sha256"`
	Size   int    `json:"size"`
	Chunks int    `json:"chunks"`
}

func blobOf(content string) *BlobRef {
	sum := sha256.Sum256([]byte(content))
	return &BlobRef{SHA256: hex.EncodeToString(sum[:]), Size: len(content),
		Chunks: (len(content) + chunkSize - 1) / chunkSize}
}

func blobChunkKey(sha string, i int) string { return fmt.Sprintf("%s%s/%06d", blobPrefix, sha, i) }

// blobDoneKey marks a blob whose every chunk is written.
func blobDoneKey(sha string) string { return blobPrefix + sha + "/done" }

// storeBlob writes content's chunks unless the blob is already complete.
// Each chunk is its own synced transaction: a later config transaction
// must never survive a crash that lost the chunks it refers to.
func (s *Service) storeBlob(ctx context.Context, content string, ref *BlobRef) error {
	if _, err := s.st.Get(ctx, blobDoneKey(ref.SHA256)); err == nil {
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	for i := range ref.Chunks {
		chunk := content[i*chunkSize : min((i+1)*chunkSize, len(content))]
		if _, err := s.st.Commit(ctx, store.Txn{Then: []store.Op{store.Put(blobChunkKey(ref.SHA256, i), []byte(chunk))}}); err != nil {
			return registry.Errorf(registry.KindInternal, "store content chunk %d: %v", i, err)
		}
	}
	if _, err := s.st.Commit(ctx, store.Txn{Then: []store.Op{store.Put(blobDoneKey(ref.SHA256), []byte{'1'})}}); err != nil {
		return registry.Errorf(registry.KindInternal, "store content: %v", err)
	}
	return nil
}

// loadBlob reads a content back and checks it is the one referred to.
func loadBlob(ctx context.Context, st store.Store, ref *BlobRef) (string, error) {
	var b strings.Builder
	b.Grow(ref.Size)
	for i := range ref.Chunks {
		kv, err := st.Get(ctx, blobChunkKey(ref.SHA256, i))
		if err != nil {
			return "", fmt.Errorf("read content %s chunk %d: %w", ref.SHA256, i, err)
		}
		b.Write(kv.Value)
	}
	content := b.String()
	if got := blobOf(content); got.SHA256 != ref.SHA256 || got.Size != ref.Size {
		return "", fmt.Errorf("content %s reads back as %s (%d bytes)", ref.SHA256, got.SHA256, got.Size)
	}
	return content, nil
}
