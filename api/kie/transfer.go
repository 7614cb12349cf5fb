package kie

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/kie"
)

// maxImportBody bounds an import request. An import holds at most
// kie.MaxImport kvs; files of many large values go in several imports.
const maxImportBody = 16 << 20

// exportFile is the export format of seed 004 §5.2.2, which is also what
// an import reads (its data items, CreateKieReq).
type exportFile struct {
	Metadata exportMetadata `json:"metadata"`
	Data     []fileItem     `json:"data"`
}

type exportMetadata struct {
	Version     string         `json:"version"`
	Annotations map[string]any `json:"annotations"`
}

type fileItem struct {
	ID        string            `json:"id,omitempty"`
	Key       string            `json:"key"`
	Labels    map[string]string `json:"labels"`
	Value     string            `json:"value"`
	ValueType string            `json:"value_type"`
	Status    string            `json:"status"`
}

// failureDoc is one entry of an import's failure list (table 5-7).
type failureDoc struct {
	Key          string            `json:"key"`
	Labels       map[string]string `json:"labels"`
	ErrorCode    string            `json:"error_code"`
	ErrorMessage string            `json:"error_message"`
}

// importFile is POST /v1/{project_id}/kie/file?override=force|abort|skip
// &label=k:v. The file is the form field upload_file of a multipart body
// (table 5-4) or, as the seed's request example sends it, the JSON body
// itself. label, when given, replaces the labels of every item.
func (a *api) importFile(w http.ResponseWriter, r *http.Request) error {
	project := r.PathValue("project_id")
	if err := kie.ValidateProject(project); err != nil {
		return err
	}
	vals := r.URL.Query()
	mode, err := kie.ParseOverride(vals.Get("override"))
	if err != nil {
		return err
	}
	labels, err := kie.ParseLabelQuery(vals["label"])
	if err != nil {
		return err
	}
	raw, err := uploadedFile(w, r)
	if err != nil {
		return err
	}
	var file exportFile
	if err := registry.DecodeStrict(raw, "", &file); err != nil {
		return &codedError{errBadFile, err}
	}
	if len(file.Data) == 0 {
		return &codedError{errBadFile, invalid("data", "the file holds no kvs")}
	}
	items := make([]kie.ImportItem, 0, len(file.Data))
	for _, it := range file.Data {
		if len(vals["label"]) > 0 {
			it.Labels = labels
		}
		items = append(items, kie.ImportItem{Key: it.Key, Value: it.Value, ValueType: it.ValueType,
			Status: it.Status, Labels: it.Labels})
	}
	res, err := a.svc.Import(r.Context(), project, mode, items)
	if err != nil {
		return err
	}
	failures := make([]failureDoc, 0, len(res.Failure))
	for _, f := range res.Failure {
		if f.Reason == kie.FailError {
			a.log.Error("kie import item failed", "project", project, "key", f.Key, "err", f.Err)
		}
		code, msg := importFailure(f)
		failures = append(failures, failureDoc{Key: f.Key, Labels: f.Labels, ErrorCode: code, ErrorMessage: msg})
	}
	httpx.WriteJSON(w, http.StatusOK, struct {
		Success []kvDoc      `json:"success"`
		Failure []failureDoc `json:"failure"`
	}{docsOf(res.Success), failures})
	return nil
}

// uploadedFile answers the import file: the upload_file part of a
// multipart body, or the whole body otherwise.
func uploadedFile(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return httpx.ReadBody(w, r, maxImportBody)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &codedError{errBadFile, invalid("upload_file", err.Error())}
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, &codedError{errBadFile, invalid("upload_file", "the form has no upload_file")}
		}
		if err != nil {
			return nil, &codedError{errBadFile, invalid("upload_file", err.Error())}
		}
		if part.FormName() != "upload_file" {
			continue
		}
		raw, err := io.ReadAll(part)
		if err != nil {
			return nil, &codedError{errBadFile, invalid("upload_file", err.Error())}
		}
		return raw, nil
	}
}

// export is POST /v1/{project_id}/kie/download?label=k:v&match=exact with
// {"ids": [...]}: the export file of the kvs named that the labels match,
// named after their environment label as §5.2.2 describes.
func (a *api) export(w http.ResponseWriter, r *http.Request) error {
	project := r.PathValue("project_id")
	if err := kie.ValidateProject(project); err != nil {
		return err
	}
	vals := r.URL.Query()
	var q kie.Query
	var err error
	if q.Labels, err = kie.ParseLabelQuery(vals["label"]); err != nil {
		return &codedError{errBadExport, err}
	}
	if q.Match, err = kie.ParseMatch(vals.Get("match")); err != nil {
		return &codedError{errBadExport, err}
	}
	var in struct {
		IDs []string `json:"ids"`
	}
	if err := decodeBody(w, r, &in); err != nil {
		return &codedError{errBadExport, err}
	}
	kvs, err := a.svc.Export(project, in.IDs, &q)
	if registry.KindOf(err) == registry.KindInvalid {
		return &codedError{errBadExport, err}
	}
	if err != nil {
		return err
	}
	file := exportFile{Metadata: exportMetadata{Version: "1.0.0", Annotations: map[string]any{}}, Data: []fileItem{}}
	for _, kv := range kvs {
		file.Data = append(file.Data, fileItem{ID: kv.ID, Key: kv.Key, Labels: kv.Labels, Value: kv.Value,
			ValueType: kv.ValueType, Status: kv.Status})
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", exportName(vals["label"], time.Now())))
	httpx.WriteJSON(w, http.StatusOK, file)
	return nil
}

// exportName is §5.2.2's file name: the value of the one environment
// label asked for ("default" when it is empty), "custom" when there is no
// environment label or several, then a timestamp.
func exportName(labels []string, now time.Time) string {
	name, envs := "custom", 0
	for _, l := range labels {
		if v, ok := cutEnvironment(l); ok {
			envs++
			name = v
			if v == "" {
				name = "default"
			}
		}
	}
	if envs != 1 {
		name = "custom"
	}
	return name + strconv.FormatInt(now.Unix(), 10) + ".json"
}

func cutEnvironment(label string) (string, bool) {
	const p = "environment:"
	if len(label) >= len(p) && label[:len(p)] == p {
		return label[len(p):], true
	}
	return "", false
}
