package ai

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	ai "github.com/causeway-dev/causeway/registry/ai/artifact"
)

// maxUploadFields bounds the text fields of an upload form.
const maxUploadFields = 64 << 10

// upload is a multipart upload: its "file" part and text fields (which
// come before the query's, as for a form).
type upload struct {
	file   []byte
	fields map[string]string
}

func (u *upload) param(p httpx.Params, name string) string {
	if v, ok := u.fields[name]; ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return strings.TrimSpace(p.Get(name))
}

func (u *upload) bool(p httpx.Params, name string) (bool, error) {
	v := u.param(p, name)
	switch strings.ToLower(v) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, &httpx.ParamError{Name: name, Value: v, Want: "boolean"}
}

// readUpload reads a multipart/form-data body: the file part (at most
// maxFile bytes, held in memory only) and the text fields.
func readUpload(r *http.Request, maxFile int64) (*upload, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return nil, registry.FieldErrorf(registry.KindInvalid, "file", "the upload must be multipart/form-data with a file part")
	}
	r.Body = http.MaxBytesReader(nil, r.Body, maxFile+maxUploadFields)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, registry.Errorf(registry.KindInvalid, "malformed multipart body")
	}
	u := &upload{fields: map[string]string{}}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, overOr(err)
		}
		limit := int64(maxUploadFields)
		if part.FormName() == "file" {
			limit = maxFile
		}
		b, err := io.ReadAll(io.LimitReader(part, limit+1))
		if err != nil {
			return nil, overOr(err)
		}
		if int64(len(b)) > limit {
			return nil, registry.FieldErrorf(registry.KindInvalid, part.FormName(), "the %s part is over %d bytes", part.FormName(), limit)
		}
		if part.FormName() == "file" {
			u.file = b
		} else {
			u.fields[part.FormName()] = string(b)
		}
	}
	if len(u.file) == 0 {
		return nil, &httpx.ParamError{Name: "file", Missing: true}
	}
	return u, nil
}

func overOr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return registry.Errorf(registry.KindInvalid, "the upload is over %d bytes", mbe.Limit)
	}
	return registry.Errorf(registry.KindInvalid, "malformed multipart body")
}

// upload stores a single-artifact zip as a draft and answers its name.
func (x *artifactAPI) upload(r *http.Request, p httpx.Params) (any, error) {
	u, err := readUpload(r, ai.MaxUploadBytes)
	if err != nil {
		return nil, err
	}
	overwrite, err := u.bool(p, "overwrite")
	if err != nil {
		return nil, err
	}
	return x.reg.Upload(r.Context(), u.param(p, "namespaceId"), u.file, ai.UploadInput{Overwrite: overwrite,
		TargetVersion: u.param(p, "targetVersion"), CommitMsg: u.param(p, "commitMsg")})
}

// uploadBatch stores each artifact directory of a zip.
func (x *artifactAPI) uploadBatch(r *http.Request, p httpx.Params) (any, error) {
	u, err := readUpload(r, ai.MaxBatchUploadBytes)
	if err != nil {
		return nil, err
	}
	overwrite, err := u.bool(p, "overwrite")
	if err != nil {
		return nil, err
	}
	return x.reg.BatchUpload(r.Context(), u.param(p, "namespaceId"), u.file, overwrite)
}
