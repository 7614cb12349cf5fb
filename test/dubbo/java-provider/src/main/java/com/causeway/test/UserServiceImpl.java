package com.causeway.test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** UserService; each answer shows the provider really read its arguments. */
public class UserServiceImpl implements UserService {
    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    @Override
    public String greet(String name) {
        return "Hello, " + name + "!";
    }

    @Override
    public Integer add(Integer a, Integer b) {
        return a + b;
    }

    @Override
    public User echoUser(User u) {
        if (u == null) {
            throw new IllegalArgumentException("no user");
        }
        return new User(u.getName(), u.getAge() == null ? null : u.getAge() + 1);
    }

    @Override
    public List<User> listUsers(List<User> us) {
        List<User> out = new ArrayList<>(us);
        Collections.reverse(out);
        return out;
    }

    @Override
    public Integer sumAges(List<User> us) {
        int sum = 0;
        for (User u : us) {
            sum += u.getAge();
        }
        return sum;
    }

    @Override
    public String fail(String msg) {
        throw new IllegalArgumentException(msg);
    }

    @Override
    public Integer slow(Integer ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ms;
    }

    @Override
    public Long addLong(Long a, long b) {
        return a + b;
    }

    @Override
    public Double half(Double d) {
        return d / 2;
    }

    @Override
    public Boolean not(boolean b) {
        return !b;
    }

    @Override
    public BigDecimal scale(BigDecimal d) {
        return d.multiply(BigDecimal.valueOf(2));
    }

    @Override
    public Date nextDay(Date d) {
        return new Date(d.getTime() + DAY_MS);
    }

    @Override
    public Map<String, Object> echoMap(Map<String, Object> m) {
        // A copy with the value classes Java saw, so a test sees each key
        // arrived as the type it expects.
        Map<String, Object> out = new LinkedHashMap<>(m);
        Map<String, String> types = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            types.put(e.getKey(), e.getValue() == null ? "null" : e.getValue().getClass().getName());
        }
        out.put("types", types);
        return out;
    }

    @Override
    public int sum(int[] xs) {
        int sum = 0;
        for (int x : xs) {
            sum += x;
        }
        return sum;
    }

    @Override
    public String join(String[] parts) {
        return String.join("-", parts);
    }

    @Override
    public Short incShort(Short s) {
        return (short) (s + 1);
    }

    @Override
    public Byte incByte(Byte b) {
        return (byte) (b + 1);
    }

    @Override
    public Float twice(Float f) {
        return f * 2;
    }
}
