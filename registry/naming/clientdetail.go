package naming

// Connection answers what a connected client (a Nacos 2 gRPC client) said
// about itself when it connected; false for HTTP clients and unknown ids.
func (r *Registry) Connection(id string) (ConnClient, bool) {
	return r.conns.get(id)
}
