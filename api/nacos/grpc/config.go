package nacosgrpc

import (
	"context"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/config"
)

// configRequest is what every config request carries. The tenant is the
// client's namespace, "" for public; it is kept as the client wrote it and
// normalised only to find the config.
type configRequest struct {
	Request
	DataID string `json:"dataId"`
	Group  string `json:"group"`
	Tenant string `json:"tenant"`
}

// Error codes of config answers (ConfigQueryResponse).
const (
	errConfigNotFound = 300
	errConfigConflict = 400
)

type configQueryRequest struct {
	configRequest
	Tag string `json:"tag"`
}

// configQueryResponse leaves tag out: the Go SDK declares it a bool and
// refuses the whole answer when it is a string.
type configQueryResponse struct {
	Response
	Content          string `json:"content,omitempty"`
	EncryptedDataKey string `json:"encryptedDataKey,omitempty"`
	ContentType      string `json:"contentType,omitempty"`
	MD5              string `json:"md5,omitempty"`
	LastModified     int64  `json:"lastModified,omitempty"`
	Beta             bool   `json:"beta"`
}

func (s *Server) queryConfig(_ context.Context, conn *Conn, _ map[string]string, req *configQueryRequest) (*configQueryResponse, error) {
	if req.Tag != "" {
		return nil, registry.Errorf(registry.KindInvalid, "tag configs are not supported")
	}
	c, beta, err := s.opts.Config.GetFor(conn.clientIP(), req.Tenant, req.Group, req.DataID)
	if registry.KindOf(err) == registry.KindNotFound {
		return &configQueryResponse{Response: failed(errConfigNotFound, "config data not exist")}, nil
	}
	if err != nil {
		return nil, err
	}
	return &configQueryResponse{Response: ok(), Content: c.Content, ContentType: c.Type, MD5: c.MD5,
		LastModified: c.ModifiedAt, Beta: beta}, nil
}

type configPublishRequest struct {
	configRequest
	Content     string             `json:"content"`
	CasMD5      string             `json:"casMd5"`
	AdditionMap map[string]*string `json:"additionMap"` // the Java SDK writes null for unset keys
}

func (r *configPublishRequest) addition(key string) string {
	if v := r.AdditionMap[key]; v != nil {
		return *v
	}
	return ""
}

type configResponse struct{ Response }

// publishConfig publishes, compare-and-set when casMd5 is given; with
// betaIps it publishes a beta for those IPs, as Nacos does. Tag releases
// are not served yet: refused rather than published to everybody.
func (s *Server) publishConfig(ctx context.Context, _ *Conn, headers map[string]string, req *configPublishRequest) (*configResponse, error) {
	if strings.TrimSpace(req.addition("tag")) != "" {
		return nil, registry.Errorf(registry.KindInvalid, "tag (gray release) is not supported yet")
	}
	srcUser := req.addition("src_user")
	if srcUser == "" {
		srcUser = header(headers, "Client-AppName")
	}
	in := config.PublishInput{Tenant: req.Tenant, Group: req.Group, DataID: req.DataID,
		Content: req.Content, Type: req.addition("type"), AppName: req.addition("appName"), SrcUser: srcUser,
		ConfigTags: req.addition("config_tags"), Desc: req.addition("desc"), CasMD5: req.CasMD5}
	var err error
	if ips := req.addition("betaIps"); strings.TrimSpace(ips) != "" {
		_, err = s.opts.Config.PublishBeta(ctx, in, ips)
	} else {
		_, err = s.opts.Config.Publish(ctx, in)
	}
	if registry.KindOf(err) == registry.KindConflict {
		return &configResponse{Response: failed(errServer, err.Error())}, nil
	}
	if err != nil {
		return nil, err
	}
	return &configResponse{Response: ok()}, nil
}

type configRemoveRequest struct {
	configRequest
	Tag string `json:"tag"`
}

// removeConfig removes a config; removing a missing one succeeds.
func (s *Server) removeConfig(ctx context.Context, _ *Conn, headers map[string]string, req *configRemoveRequest) (*configResponse, error) {
	if req.Tag != "" {
		return nil, registry.Errorf(registry.KindInvalid, "tag configs are not supported")
	}
	if err := s.opts.Config.Delete(ctx, req.Tenant, req.Group, req.DataID, header(headers, "Client-AppName")); err != nil {
		return nil, err
	}
	return &configResponse{Response: ok()}, nil
}

// listenContext is one config a client listens to, with the md5 it holds
// ("" when it has none).
type listenContext struct {
	Group  string `json:"group"`
	MD5    string `json:"md5"`
	DataID string `json:"dataId"`
	Tenant string `json:"tenant"`
}

type configBatchListenRequest struct {
	Request
	Listen   bool            `json:"listen"`
	Contexts []listenContext `json:"configListenContexts"`
}

type changedConfig struct {
	Group  string `json:"group"`
	DataID string `json:"dataId"`
	Tenant string `json:"tenant"`
}

type configChangeBatchListenResponse struct {
	Response
	ChangedConfigs []changedConfig `json:"changedConfigs"`
}

// maxListenContexts bounds one batch: the SDKs send at most 3,000 keys a
// task.
const maxListenContexts = 10_000

// batchListen registers (or drops) the connection's listens and answers
// the configs whose md5 differs from the client's, echoing the tenant as
// the client wrote it.
func (s *Server) batchListen(_ context.Context, c *Conn, _ map[string]string, req *configBatchListenRequest) (*configChangeBatchListenResponse, error) {
	if len(req.Contexts) > maxListenContexts {
		return nil, registry.Errorf(registry.KindInvalid, "too many configs in one listen: %d, at most %d", len(req.Contexts), maxListenContexts)
	}
	resp := &configChangeBatchListenResponse{Response: ok(), ChangedConfigs: []changedConfig{}}
	for _, lc := range req.Contexts {
		if err := config.ValidateKey(lc.Tenant, lc.Group, lc.DataID); err != nil {
			return nil, err
		}
	}
	for _, lc := range req.Contexts {
		sent := changedConfig{Group: lc.Group, DataID: lc.DataID, Tenant: lc.Tenant}
		if !req.Listen {
			s.listeners.remove(c, sent)
			continue
		}
		if err := s.listeners.add(c, sent, lc.MD5); err != nil {
			return nil, err
		}
		if s.opts.Config.MD5For(c.clientIP(), keyOf(sent)) != lc.MD5 {
			resp.ChangedConfigs = append(resp.ChangedConfigs, sent)
		}
	}
	return resp, nil
}
