package naming

import (
	"net"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry"
)

// Limits of names and values, as the Nacos parameter checker sets them.
const (
	MaxNamespaceLen   = 128
	MaxGroupLen       = 128
	MaxServiceNameLen = 512
	MaxClusterLen     = 64
	MaxIPLen          = 128
	MaxMetadataBytes  = 10 << 10
	MinWeight         = 0.0
	MaxWeight         = 10000.0
)

var (
	namespacePattern = regexp.MustCompile(`^[\w-]+$`)
	groupPattern     = regexp.MustCompile(`^[a-zA-Z0-9\-_:.]+$`)
	clusterPattern   = regexp.MustCompile(`^[0-9a-zA-Z-]+$`)
	hostnamePattern  = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.\-]*[A-Za-z0-9])?$`)
)

func illegalChars(field string) *registry.Error {
	return registry.FieldErrorf(registry.KindInvalid, field,
		"Param '%s' is illegal, illegal characters should not appear in the param.", field)
}

func tooLong(field string, max int) *registry.Error {
	return registry.FieldErrorf(registry.KindInvalid, field,
		"Param '%s' is illegal, the param length should not exceed %d.", field, max)
}

// ValidateNamespace checks a namespace id.
func ValidateNamespace(ns string) error {
	if len(ns) > MaxNamespaceLen {
		e := tooLong("namespaceId", MaxNamespaceLen)
		e.Kind = registry.KindNamespace
		return e
	}
	if !namespacePattern.MatchString(ns) {
		e := illegalChars("namespaceId")
		e.Kind = registry.KindNamespace
		return e
	}
	return nil
}

// ValidateGroup checks a group name.
func ValidateGroup(group string) error {
	if len(group) > MaxGroupLen {
		return tooLong("groupName", MaxGroupLen)
	}
	if !groupPattern.MatchString(group) || strings.Contains(group, GroupSeparator) {
		return illegalChars("groupName")
	}
	return nil
}

// ValidateServiceName checks a service name without its group: not blank, no
// leading '@', no "@@", no white space and no CJK characters, at most 512
// bytes (the Nacos rules).
func ValidateServiceName(name string) error {
	if strings.TrimSpace(name) == "" {
		return registry.FieldErrorf(registry.KindServiceName, "serviceName",
			"Param 'serviceName' is illegal, serviceName is blank")
	}
	if len(name) > MaxServiceNameLen {
		e := tooLong("serviceName", MaxServiceNameLen)
		e.Kind = registry.KindServiceName
		return e
	}
	if !utf8.ValidString(name) || strings.HasPrefix(name, "@") || strings.Contains(name, GroupSeparator) ||
		strings.IndexFunc(name, badNameRune) >= 0 {
		e := illegalChars("serviceName")
		e.Kind = registry.KindServiceName
		return e
	}
	return nil
}

func badNameRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Han, r)
}

// ValidateServiceKey checks every part of a service key.
func ValidateServiceKey(k ServiceKey) error {
	if err := ValidateNamespace(k.Namespace); err != nil {
		return err
	}
	if err := ValidateGroup(k.Group); err != nil {
		return err
	}
	return ValidateServiceName(k.Name)
}

// ValidateCluster checks a cluster name.
func ValidateCluster(name string) error {
	if len(name) > MaxClusterLen {
		return tooLong("clusterName", MaxClusterLen)
	}
	if !clusterPattern.MatchString(name) {
		return registry.FieldErrorf(registry.KindInvalid, "clusterName",
			"Instance 'clusterName' should be characters with only 0-9a-zA-Z-. (current: %s)", name)
	}
	return nil
}

// ValidateIP accepts an IPv4 or IPv6 literal or a DNS host name.
func ValidateIP(ip string) error {
	if ip == "" {
		return registry.Missing("ip")
	}
	if len(ip) > MaxIPLen {
		return tooLong("ip", MaxIPLen)
	}
	if net.ParseIP(ip) != nil || hostnamePattern.MatchString(ip) {
		return nil
	}
	return registry.FieldErrorf(registry.KindInvalid, "ip", "Param 'ip' is illegal, %q is not an IP address or host name.", ip)
}

// ValidatePort accepts 1 to 65535.
func ValidatePort(port int) error {
	if port < 1 || port > 65535 {
		return registry.FieldErrorf(registry.KindInvalid, "port",
			"Param 'port' is illegal, the value should be between 1 and 65535.")
	}
	return nil
}

// ValidateWeight accepts 0 to 10000, as Nacos does.
func ValidateWeight(w float64) error {
	if !(w >= MinWeight && w <= MaxWeight) { // also refuses NaN
		return registry.FieldErrorf(registry.KindWeight, "weight",
			"instance format invalid: The weights range from %.1f to %.1f", MinWeight, MaxWeight)
	}
	return nil
}

// ValidateProtectThreshold accepts 0 to 1.
func ValidateProtectThreshold(t float64) error {
	if !(t >= 0 && t <= 1) {
		return registry.FieldErrorf(registry.KindInvalid, "protectThreshold",
			"Param 'protectThreshold' is illegal, the value should be between 0 and 1.")
	}
	return nil
}

func metadataSize(md map[string]string) int {
	n := 0
	for k, v := range md {
		n += len(k) + len(v)
	}
	return n
}

// ValidateInstance checks an instance before it is stored.
func ValidateInstance(in *Instance) error {
	checks := []func() error{
		func() error { return ValidateServiceKey(in.Service) },
		func() error { return ValidateIP(in.IP) },
		func() error { return ValidatePort(in.Port) },
		func() error { return ValidateCluster(in.Cluster) },
		func() error { return ValidateWeight(in.Weight) },
		func() error { return validateInstanceMetadata(in) },
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func validateInstanceMetadata(in *Instance) error {
	if metadataSize(in.Metadata) > MaxMetadataBytes {
		return registry.FieldErrorf(registry.KindInstanceMetadata, "metadata",
			"Param 'metadata' is illegal, the param length should not exceed %d.", MaxMetadataBytes)
	}
	if in.BeatTimeout() < in.BeatInterval() || in.DeleteTimeout() < in.BeatInterval() {
		return registry.FieldErrorf(registry.KindInstance, "metadata",
			"Instance 'heart beat interval' must less than 'heart beat timeout' and 'ip delete timeout'.")
	}
	return nil
}

// ValidateService checks a service before it is stored.
func ValidateService(s *Service) error {
	if err := ValidateServiceKey(s.Key); err != nil {
		return err
	}
	if err := ValidateProtectThreshold(s.ProtectThreshold); err != nil {
		return err
	}
	if metadataSize(s.Metadata) > MaxMetadataBytes {
		return registry.FieldErrorf(registry.KindServiceMetadata, "metadata",
			"Param 'metadata' is illegal, the param length should not exceed %d.", MaxMetadataBytes)
	}
	return ValidateSelector(s.Selector)
}

// ValidateSelector accepts the selector types Nacos knows.
func ValidateSelector(sel Selector) error {
	switch sel.Type {
	case "", "none", "label":
		return nil
	}
	return registry.FieldErrorf(registry.KindSelector, "selector", "selector type %q is not supported", sel.Type)
}
