package ai

import (
	"errors"
	"net/http"

	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry/ai/catalog"
)

// reasonCodes are Nacos's own codes for the AI registry's refusals
// (ErrorCode 50000-50102); other errors classify by their kind.
var reasonCodes = []struct {
	reason  error
	status  int
	code    int
	message string
}{
	{catalog.ErrMCPNotFound, http.StatusNotFound, 50000, "MCP server not found"},
	{catalog.ErrMCPVersionNotFound, http.StatusNotFound, 50001, "MCP server version not found"},
	{catalog.ErrMCPVersionExists, http.StatusConflict, 50002, "MCP server version has existed"},
	{catalog.ErrAgentNotFound, http.StatusNotFound, 50100, "Agent not found"},
	{catalog.ErrAgentVersionNotFound, http.StatusNotFound, 50101, "Agent version not found"},
	{catalog.ErrAgentVersionExists, http.StatusConflict, 50102, "Agent version already existed"},
}

// coded answers err with Nacos's code when it has one of its own.
func coded(err error) error {
	for _, c := range reasonCodes {
		if errors.Is(err, c.reason) {
			return nacosresult.Coded(c.status, c.code, c.message, err.Error())
		}
	}
	return err
}

// answer is a handler's result with its error coded.
func answer(data any, err error) (any, error) {
	if err != nil {
		return nil, coded(err)
	}
	return data, nil
}
