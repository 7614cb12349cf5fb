package com.causeway.test;

import java.io.Serializable;

/** The POJO the tests send and receive; dubbo-go's provider has the same. */
public class User implements Serializable {
    private static final long serialVersionUID = 1L;

    private String name;
    private Integer age;

    public User() {}

    public User(String name, Integer age) {
        this.name = name;
        this.age = age;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Integer getAge() {
        return age;
    }

    public void setAge(Integer age) {
        this.age = age;
    }
}
