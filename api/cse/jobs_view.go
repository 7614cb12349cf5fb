package cse

import "github.com/causeway-dev/causeway/registry/tenancy"

// jobView is the answer of §5.3.5. Each step of a job is one stage
// (TaskSteps) holding one task.
type jobView struct {
	ID          int64       `json:"id"`
	EngineID    string      `json:"engineId"`
	Type        string      `json:"type"`
	Description string      `json:"description"`
	Status      string      `json:"status"`
	Scheduling  int         `json:"scheduling"`
	CreateUser  string      `json:"createUser"`
	StartTime   int64       `json:"startTime"`
	EndTime     int64       `json:"endTime"`
	Context     string      `json:"context"`
	Tasks       []taskSteps `json:"tasks"`
}

type executorBrief struct {
	Duration    int64  `json:"duration"`
	Description string `json:"description"`
}

type taskSteps struct {
	TaskName  string        `json:"taskName"`
	TaskNames []string      `json:"taskNames"`
	Status    string        `json:"status"`
	StartTime int64         `json:"startTime"`
	EndTime   int64         `json:"endTime"`
	Brief     executorBrief `json:"taskExecutorBrief"`
	Tasks     []taskView    `json:"tasks"`
}

type taskView struct {
	JobID      int64         `json:"jobId"`
	ID         int64         `json:"id"`
	Type       string        `json:"type"`
	Assigned   string        `json:"assigned"`
	TaskName   string        `json:"taskName"`
	EngineName string        `json:"engineName"`
	TaskOrder  int           `json:"taskOrder"`
	Status     string        `json:"status"`
	StartTime  int64         `json:"startTime"`
	EndTime    int64         `json:"endTime"`
	CreateTime int64         `json:"createTime"`
	UpdateTime int64         `json:"updateTime"`
	Timeout    int           `json:"timeout"`
	Log        string        `json:"log"`
	Output     string        `json:"output"`
	Brief      executorBrief `json:"taskExecutorBrief"`
}

func viewJob(j *tenancy.Job) jobView {
	v := jobView{ID: j.ID, EngineID: j.EngineID, Type: j.Type, Description: j.Description, Status: j.Status,
		CreateUser: j.CreateUser, StartTime: j.StartTime, EndTime: j.EndTime, Tasks: []taskSteps{}}
	if j.Status == tenancy.JobExecuting {
		v.Scheduling = 1
	}
	for _, t := range j.Tasks {
		brief := executorBrief{Description: t.Description}
		if t.EndTime >= t.StartTime && t.StartTime > 0 {
			brief.Duration = t.EndTime - t.StartTime
		}
		v.Tasks = append(v.Tasks, taskSteps{TaskName: t.Name, TaskNames: []string{t.Name}, Status: t.Status,
			StartTime: t.StartTime, EndTime: t.EndTime, Brief: brief,
			Tasks: []taskView{{JobID: j.ID, ID: t.ID, Type: j.Type, Assigned: "causeway", TaskName: t.Name,
				EngineName: j.EngineName, TaskOrder: t.Order, Status: t.Status, StartTime: t.StartTime,
				EndTime: t.EndTime, CreateTime: t.CreateTime, UpdateTime: t.UpdateTime, Timeout: -1,
				Log: t.Log, Output: "{}", Brief: brief}}})
	}
	return v
}
