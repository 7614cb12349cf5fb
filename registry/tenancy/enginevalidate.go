package tenancy

import (
	"regexp"
	"strings"

	"github.com/causeway-dev/causeway/registry/auth"
)

// CreateInput is what creating an engine takes (seed 004 §5.3.3).
type CreateInput struct {
	Name, Description, Payment, Flavor, AuthType  string
	AZList                                        []string
	VPC, VPCID, NetworkID, SubnetCIDR, PublicIPID string
	SpecType                                      string
	Inputs                                        map[string]string
	// Password is the engine user's password, required with RBAC.
	Password string
	// User is who asks, recorded as the creator.
	User string
}

var (
	// engineNamePattern is the seed's engine name rule (table 9-2,
	// SVCSTG.00501201): a letter first, letters, digits and '-', not
	// ending with '-', 3 to 24 characters.
	engineNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$`)
	versionPattern    = regexp.MustCompile(`^\d{1,6}(\.\d{1,6}){0,3}$`)
)

// Field bounds of §5.3.3.
const (
	maxDescLen    = 255
	maxPaymentLen = 24
	maxNetLen     = 64
	maxSubnetLen  = 24
	maxVersionLen = 24
)

// normalize checks in in the order of the seed's codes and fills the
// defaults (specType CSE).
func (in *CreateInput) normalize() error {
	if !engineNamePattern.MatchString(in.Name) || in.Name == "default" {
		return invalid("name", "name must be 3-24 letters, digits or '-', start with a letter and not end with '-'")
	}
	if len([]rune(in.Description)) > maxDescLen {
		return invalid("description", "description exceeds %d characters", maxDescLen)
	}
	if in.Payment != "0" && in.Payment != "1" && in.Payment != "2" {
		return invalid("payment", "payment must be 0, 1 or 2, not %q", in.Payment)
	}
	if _, ok := FlavorByName(in.Flavor); !ok {
		return invalid("flavor", "flavor %q is not one of the engine flavors", in.Flavor)
	}
	if err := validateAZs(in.AZList); err != nil {
		return err
	}
	if err := in.network(); err != nil {
		return err
	}
	if in.SpecType == "" {
		in.SpecType = "CSE"
	}
	switch in.SpecType {
	case "CSE", "CSE2", "CCE", "SpringCloud":
	default:
		return invalid("specType", "specType must be CSE, CCE or SpringCloud, not %q", in.SpecType)
	}
	switch in.AuthType {
	case AuthNone:
		in.Password = ""
	case AuthRBAC:
		return checkPassword((&Engine{Name: in.Name}).Username(), in.Password)
	default:
		return invalid("authType", "authType must be RBAC or NONE, not %q", in.AuthType)
	}
	return nil
}

func (in *CreateInput) network() error {
	for _, f := range []struct {
		name, v  string
		max      int
		required bool
	}{{"vpc", in.VPC, maxNetLen, true}, {"vpcId", in.VPCID, maxNetLen, false},
		{"networkId", in.NetworkID, maxNetLen, true}, {"subnetCidr", in.SubnetCIDR, maxSubnetLen, true},
		{"publicIpId", in.PublicIPID, maxNetLen, false}} {
		if f.required && strings.TrimSpace(f.v) == "" {
			return invalid(f.name, "%s is required", f.name)
		}
		if len(f.v) > f.max {
			return invalid(f.name, "%s exceeds %d characters", f.name, f.max)
		}
	}
	return nil
}

// validateAZs: 1 to 3 names, none blank.
func validateAZs(azs []string) error {
	if len(azs) < 1 || len(azs) > 3 {
		return invalid("azList", "azList must name 1 to 3 availability zones")
	}
	for _, az := range azs {
		if strings.TrimSpace(az) == "" || len(az) > maxNetLen {
			return invalid("azList", "azList holds a blank or too long zone")
		}
	}
	return nil
}

func validateVersion(v string) error {
	if len(v) > maxVersionLen || !versionPattern.MatchString(v) {
		return invalid("version", "version must be numbers separated by dots, at most %d characters", maxVersionLen)
	}
	return nil
}

// checkPassword refuses a missing or weak password of the engine's user,
// before anything is written, with auth's own rules.
func checkPassword(username, password string) error {
	if password == "" {
		return invalid("auth_cred", "auth_cred.pwd is required with RBAC")
	}
	if err := auth.CheckStrength(username, password); err != nil {
		return invalid("auth_cred", "auth_cred.pwd: %v", err)
	}
	return nil
}
