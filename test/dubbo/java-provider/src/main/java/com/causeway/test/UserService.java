package com.causeway.test;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The service Causeway's bridge calls. The first methods are those of the
 * dubbo-go provider (test/dubbo/provider/service.go); the rest check that
 * each Java type arrives as itself and comes back exact.
 */
public interface UserService {
    String greet(String name);

    Integer add(Integer a, Integer b);

    User echoUser(User u);

    List<User> listUsers(List<User> us);

    Integer sumAges(List<User> us);

    String fail(String msg);

    Integer slow(Integer ms);

    Long addLong(Long a, long b);

    Double half(Double d);

    Boolean not(boolean b);

    BigDecimal scale(BigDecimal d);

    Date nextDay(Date d);

    Map<String, Object> echoMap(Map<String, Object> m);

    int sum(int[] xs);

    String join(String[] parts);

    Short incShort(Short s);

    Byte incByte(Byte b);

    Float twice(Float f);
}
