package nacosgrpc

import "encoding/json"

// Result codes of every Nacos response.
const (
	codeSuccess = 200
	codeFail    = 500
)

// Error codes of Nacos's NacosException that the SDKs act on.
const (
	errServerStarting = 300 // INVALID_SERVER_STATUS
	errUnregistered   = 301 // UN_REGISTER: the client reconnects
	errNoHandler      = 302 // NO_HANDLER
	errInvalidParam   = 400 // INVALID_PARAM
	errNoRight        = 403 // NO_RIGHT
	errNotFound       = 404
	errConflict       = 409
	errServer         = 500 // SERVER_ERROR
	errBadRequest     = 502 // BAD_GATEWAY: a payload that does not parse
	errOverThreshold  = 503 // OVER_THRESHOLD
)

// Response is what every Nacos response carries. Success mirrors
// ResultCode, as Nacos's Jackson writes the getter: the Go SDK prefers it,
// the Java SDK reads ResultCode.
type Response struct {
	ResultCode int    `json:"resultCode"`
	ErrorCode  int    `json:"errorCode"`
	Message    string `json:"message,omitempty"`
	RequestID  string `json:"requestId,omitempty"`
	Success    bool   `json:"success"`
}

// ok answers a success response.
func ok() Response { return Response{ResultCode: codeSuccess, Success: true} }

// failed answers a failure with an error code and message.
func failed(code int, msg string) Response {
	return Response{ResultCode: codeFail, ErrorCode: code, Message: msg}
}

// base lets the dispatcher set the common fields of any response type.
func (r *Response) base() *Response { return r }

type responder interface{ base() *Response }

// errorResponse is Nacos's ErrorResponse: the answer when a request cannot
// be handled at all (unknown type, unregistered connection, bad payload).
type errorResponse struct{ Response }

// Request carries what every request body has besides its own fields. The
// headers that count travel in the payload's metadata, not here.
type Request struct {
	RequestID string `json:"requestId,omitempty"`
	Module    string `json:"module,omitempty"`
}

// serverRequest is a request the server pushes: it needs a request id the
// client echoes in its acknowledgement (the Go SDK fails without one).
type serverRequest struct {
	RequestID string            `json:"requestId"`
	Module    string            `json:"module"`
	Headers   map[string]string `json:"headers"`
}

// ack is the part of a client's response to a push that matters: Nacos
// judges it by resultCode alone (the Go SDK sends success:false, and acks
// config pushes as NotifySubscriberResponse).
type ack struct {
	RequestID  string `json:"requestId"`
	ResultCode int    `json:"resultCode"`
}

func (a ack) ok() bool { return a.ResultCode == codeSuccess }

// encode renders a message as a payload of the given type.
func encode(typ string, msg any) (*Payload, error) {
	b, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	return &Payload{Type: typ, Body: b}, nil
}
