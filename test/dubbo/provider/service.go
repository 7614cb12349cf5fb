package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/apache/dubbo-go-hessian2/java_exception"
)

// User is the POJO com.causeway.test.User.
type User struct {
	Name string
	Age  int32
}

// JavaClassName names the Java class User stands for.
func (*User) JavaClassName() string { return "com.causeway.test.User" }

// UserService implements com.causeway.test.UserService; dubbo-go also
// answers each method under its Java name (first letter lower case).
type UserService struct{}

// Greet answers "Hello, <name>!".
func (*UserService) Greet(_ context.Context, name string) (string, error) {
	return "Hello, " + name + "!", nil
}

// Add answers a+b.
func (*UserService) Add(_ context.Context, a, b int32) (int32, error) {
	return a + b, nil
}

// EchoUser answers its argument, one year older, so a test sees the
// provider really decoded the POJO.
func (*UserService) EchoUser(_ context.Context, u *User) (*User, error) {
	if u == nil {
		return nil, errors.New("no user")
	}
	return &User{Name: u.Name, Age: u.Age + 1}, nil
}

// ListUsers answers the users in reverse order, so a test sees the list
// went both ways.
func (*UserService) ListUsers(_ context.Context, us []*User) ([]*User, error) {
	out := make([]*User, 0, len(us))
	for i := len(us) - 1; i >= 0; i-- {
		out = append(out, us[i])
	}
	return out, nil
}

// SumAges answers the sum of the users' ages.
func (*UserService) SumAges(_ context.Context, us []*User) (int32, error) {
	var sum int32
	for _, u := range us {
		sum += u.Age
	}
	return sum, nil
}

// Fail throws java.lang.IllegalArgumentException with msg.
func (*UserService) Fail(_ context.Context, msg string) (string, error) {
	return "", java_exception.NewIllegalArgumentException(msg)
}

// Slow sleeps ms milliseconds and answers ms.
func (*UserService) Slow(ctx context.Context, ms int32) (int32, error) {
	select {
	case <-time.After(time.Duration(ms) * time.Millisecond):
		return ms, nil
	case <-ctx.Done():
		return 0, fmt.Errorf("slow: %w", ctx.Err())
	}
}
