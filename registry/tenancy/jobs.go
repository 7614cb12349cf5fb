package tenancy

import "strconv"

// Job types and statuses (seed 004 §5.3.5).
const (
	JobCreate  = "Create"
	JobDelete  = "Delete"
	JobUpgrade = "Upgrade"
	JobModify  = "Modify"

	JobInit      = "Init"
	JobExecuting = "Executing"
	JobError     = "Error"
	JobFinished  = "Finished"
)

// Task step names, each done by one function of steps.go.
const (
	stepNamespace    = "CreateNamespace"
	stepIdentity     = "CreateIdentity"
	stepLimits       = "ApplyLimits"
	stepAuth         = "ConfigureAuth"
	stepVersion      = "UpgradeVersion"
	stepDropIdentity = "DeleteIdentity"
	stepDropNS       = "DeleteNamespace"
	stepDropEngine   = "DeleteEngine"
)

// stepDescriptions say what each step does, for the job's answer.
var stepDescriptions = map[string]string{
	stepNamespace:    "create the engine's namespace",
	stepIdentity:     "create the engine's user, role and permissions",
	stepLimits:       "apply the flavor's limits",
	stepAuth:         "switch the engine's authentication",
	stepVersion:      "move the engine to the new version",
	stepDropIdentity: "delete the engine's user and role",
	stepDropNS:       "delete the engine's namespace",
	stepDropEngine:   "delete the engine",
}

// Job is one change of an engine, done step by step by the job runner and
// kept in the store so that a restarted runner resumes it.
type Job struct {
	ID          int64  `json:"id"`
	EngineID    string `json:"engineId"`
	EngineName  string `json:"engineName"`
	Project     string `json:"project"`
	Type        string `json:"type"`
	Description string `json:"description"`
	Status      string `json:"status"`
	CreateUser  string `json:"createUser,omitempty"`
	StartTime   int64  `json:"startTime"`
	EndTime     int64  `json:"endTime,omitempty"`
	Tasks       []Task `json:"tasks"`
	// Node is the cluster member whose runner does the job (the one that
	// started it, then the one that took it over); "" outside a cluster.
	Node string `json:"node,omitempty"`
	// Params is what the job changes. It holds the hash of the engine's
	// new password until the step that sets it has run (never the
	// password), and is never answered.
	Params JobParams `json:"params"`
}

// JobParams are the inputs of a job's steps.
type JobParams struct {
	Flavor   string            `json:"flavor,omitempty"`
	Inputs   map[string]string `json:"inputs,omitempty"`
	Version  string            `json:"version,omitempty"`
	AuthType string            `json:"authType,omitempty"`
	// PasswordHash is the engine user's password, hashed as auth stores
	// it (auth.HashPassword).
	PasswordHash string `json:"passwordHash,omitempty"`
	// Password is read from jobs stored before PasswordHash; none is
	// written any more.
	Password string `json:"password,omitempty"`
}

// Task is one step of a job.
type Task struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Order       int    `json:"order"`
	Status      string `json:"status"`
	StartTime   int64  `json:"startTime,omitempty"`
	EndTime     int64  `json:"endTime,omitempty"`
	CreateTime  int64  `json:"createTime"`
	UpdateTime  int64  `json:"updateTime"`
	Log         string `json:"log,omitempty"`
	Description string `json:"description"`
}

// Done reports whether the job has ended, well or not.
func (j *Job) Done() bool { return j.Status == JobFinished || j.Status == JobError }

func jobKey(id int64) string { return JobPrefix + strconv.FormatInt(id, 10) }

// newJob lays out a job of typ on e with its steps, all Init.
func newJob(id int64, e *Engine, typ, user string, now int64, p JobParams, steps ...string) *Job {
	j := &Job{ID: id, EngineID: e.ID, EngineName: e.Name, Project: e.Project, Type: typ, Status: JobInit,
		CreateUser: user, StartTime: now, Params: p, Description: typ + " engine " + e.Name}
	for i, s := range steps {
		j.Tasks = append(j.Tasks, Task{ID: id*100 + int64(i), Name: s, Order: i, Status: JobInit,
			CreateTime: now, UpdateTime: now, Description: stepDescriptions[s]})
	}
	return j
}

// running is the engine status while a job of typ runs, failed after it
// failed.
func running(typ string) (status, failed string) {
	switch typ {
	case JobCreate:
		return StatusCreating, StatusCreateFailed
	case JobDelete:
		return StatusDeleting, StatusDeleteFailed
	case JobUpgrade:
		return StatusUpgrading, StatusUpgradeFailed
	}
	return StatusModifying, StatusModifyFailed
}
