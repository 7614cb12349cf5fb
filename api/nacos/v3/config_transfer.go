package v3

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
	configs "github.com/causeway-dev/causeway/registry/config"
)

// Nacos's ErrorCode codes of an import that cannot start; it answers them
// with HTTP 200 and data {succCount: 0} (Result.failure).
const (
	codeNamespaceNotExist = 22001
	codeMetadataIllegal   = 100002
	codeParsingFailed     = 100004
	codeDataEmpty         = 100005
)

func importFailure(code int, msg string) nacosresult.Failure {
	return nacosresult.Failure{Code: code, Message: msg, Data: map[string]any{"succCount": 0}}
}

// importConfigs is POST /cs/config/import: a multipart form whose file
// part is an export zip; policy (ABORT, SKIP, OVERWRITE; default ABORT),
// namespaceId and src_user come from the query or the form.
func (a *api) importConfigs(r *http.Request, p httpx.Params) (any, error) {
	file, fields, err := readImportForm(r)
	if err != nil {
		return nil, err
	}
	param := func(name string) string {
		if v := strings.TrimSpace(p.Get(name)); v != "" {
			return v
		}
		return strings.TrimSpace(fields[name])
	}
	policy := configs.PolicyAbort
	if v := param("policy"); v != "" {
		var ok bool
		if policy, ok = configs.ParsePolicy(v); !ok {
			return nil, registry.FieldErrorf(registry.KindInvalid, "policy",
				"policy must be one of ABORT, SKIP, OVERWRITE, not %q", v)
		}
	}
	if file == nil {
		return importFailure(codeDataEmpty, "Imported file data is empty"), nil
	}
	tenant := configs.NormalizeTenant(param("namespaceId"))
	if a.deps.Namespaces != nil && !a.deps.Namespaces.Exists(tenant) {
		return importFailure(codeNamespaceNotExist, "namespace not exist"), nil
	}
	arc, err := configs.ReadArchive(file)
	switch {
	case errors.Is(err, configs.ErrImportParse):
		return importFailure(codeParsingFailed, "Failed to parse data"), nil
	case errors.Is(err, configs.ErrImportMetadata):
		return importFailure(codeMetadataIllegal, "Imported metadata is invalid"), nil
	case errors.Is(err, configs.ErrImportEmpty):
		return importFailure(codeDataEmpty, "Imported file data is empty"), nil
	case err != nil:
		return nil, err
	}
	srcUser := param("src_user")
	if id := httpx.IdentityFrom(r.Context()); srcUser == "" && id != nil {
		srcUser = id.Username // Nacos's RequestUtil.getSrcUserName
	}
	res, err := a.deps.Configs.Import(r.Context(), tenant, arc.Items, policy, srcUser)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"succCount": res.Succ, "skipCount": res.Skip}
	if len(res.Fail) > 0 {
		out["failData"] = res.Fail
	}
	if len(res.Skipped) > 0 {
		out["skipData"] = res.Skipped
	}
	if len(arc.Unrecognized) > 0 {
		un := make([]map[string]string, len(arc.Unrecognized))
		for i, name := range arc.Unrecognized {
			un[i] = map[string]string{"itemName": name}
		}
		out["unrecognizedCount"] = len(un)
		out["unrecognizedData"] = un
	}
	return out, nil
}

// maxImportFields bounds the text fields of an import form.
const maxImportFields = 64 << 10

// readImportForm reads the file part (nil when there is none) and the
// text fields of a multipart import, within configs.MaxImportBytes.
func readImportForm(r *http.Request) (file []byte, fields map[string]string, err error) {
	fields = map[string]string{}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return nil, fields, nil
	}
	r.Body = http.MaxBytesReader(nil, r.Body, configs.MaxImportBytes+maxImportFields)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, registry.Errorf(registry.KindInvalid, "malformed multipart body")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return file, fields, nil
		}
		if err != nil {
			return nil, nil, tooLargeOr(err, "malformed multipart body")
		}
		name := part.FormName()
		if name == "file" && file == nil {
			b, err := io.ReadAll(io.LimitReader(part, configs.MaxImportBytes+1))
			if err != nil {
				return nil, nil, tooLargeOr(err, "malformed multipart body")
			}
			if len(b) > configs.MaxImportBytes {
				return nil, nil, registry.Errorf(registry.KindInvalid, "the import file is over %d bytes", configs.MaxImportBytes)
			}
			if len(b) > 0 {
				file = b
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxImportFields))
		if err != nil {
			return nil, nil, tooLargeOr(err, "malformed multipart body")
		}
		fields[name] = string(b)
	}
}

func tooLargeOr(err error, msg string) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return registry.Errorf(registry.KindInvalid, "the import request is over %d bytes", mbe.Limit)
	}
	return registry.Errorf(registry.KindInvalid, "%s", msg)
}

// exportConfigs is GET /cs/config/export: the configs picked by ids (comma
// separated or repeated), else by namespaceId, dataId and groupName blur
// patterns and appName, as Nacos's export zip.
func (a *api) exportConfigs(_ *http.Request, p httpx.Params) (any, error) {
	q := configs.ExportQuery{Tenant: p.Get("namespaceId"), DataID: p.Get("dataId"), Group: p.Get("groupName"),
		AppName: p.Get("appName")}
	for _, v := range p.Values["ids"] {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, &httpx.ParamError{Name: "ids", Value: s, Want: "long"}
			}
			q.IDs = append(q.IDs, id)
		}
	}
	if err := configs.ValidateTenant(q.Tenant); err != nil {
		return nil, err
	}
	body, err := a.deps.Configs.Export(q)
	if err != nil {
		return nil, err
	}
	name := "nacos_config_export_" + time.Now().Format("20060102150405") + ".zip"
	return nacosresult.Raw{ContentType: "application/zip", Body: body,
		Header: http.Header{"Content-Disposition": {"attachment;filename=" + name}}}, nil
}
