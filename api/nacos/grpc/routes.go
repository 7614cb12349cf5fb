package nacosgrpc

import "context"

// routes answers the handler of every request type the SDKs send (besides
// ServerCheckRequest, answered before anything else).
func (s *Server) routes() map[string]*handler {
	h := map[string]*handler{
		"HealthCheckRequest": s.public(handle("HealthCheckResponse", s.healthCheck)),
	}
	if s.opts.Naming != nil {
		h["InstanceRequest"] = handle("InstanceResponse", s.register)
		h["BatchInstanceRequest"] = handle("BatchInstanceResponse", s.batchRegister)
		h["PersistentInstanceRequest"] = handle("InstanceResponse", s.registerPersistent)
		h["ServiceQueryRequest"] = handle("QueryServiceResponse", s.queryService)
		h["SubscribeServiceRequest"] = handle("SubscribeServiceResponse", s.subscribe)
		h["ServiceListRequest"] = handle("ServiceListResponse", s.listServices)
	}
	if s.opts.Config != nil {
		h["ConfigQueryRequest"] = handle("ConfigQueryResponse", s.queryConfig)
		h["ConfigPublishRequest"] = handle("ConfigPublishResponse", s.publishConfig)
		h["ConfigRemoveRequest"] = handle("ConfigRemoveResponse", s.removeConfig)
		h["ConfigBatchListenRequest"] = handle("ConfigChangeBatchListenResponse", s.batchListen)
	}
	return h
}

func (s *Server) public(h *handler) *handler {
	h.public = true
	return h
}

type healthCheckRequest struct{ Request }

func (s *Server) healthCheck(context.Context, *Conn, map[string]string, *healthCheckRequest) (*Response, error) {
	r := ok()
	return &r, nil
}
