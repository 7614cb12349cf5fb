package com.causeway.test.maintainer;

import java.util.Properties;

/**
 * Runs the Maintainer SDK calls of one area of seed 003 against a server and
 * reports each check as a JSON line. Usage: host:port user password area.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: maintainer-client host:port user password config|config-gray|naming|core|ai");
            System.exit(2);
        }
        Properties props = new Properties();
        props.setProperty("serverAddr", args[0]);
        props.setProperty("username", args[1]);
        props.setProperty("password", args[2]);
        Checks checks = new Checks();
        switch (args[3]) {
            case "config" -> ConfigScenario.run(props, checks);
            case "config-gray" -> ConfigGrayScenario.run(props, checks);
            case "naming" -> NamingScenario.run(props, checks);
            case "core" -> CoreScenario.run(props, checks);
            case "ai" -> AiScenario.run(props, checks);
            default -> {
                System.err.println("unknown area " + args[3]);
                System.exit(2);
            }
        }
        System.out.flush();
        // The SDK keeps non-daemon threads (its HTTP client, its token
        // refresher): leave without waiting for them.
        System.exit(checks.failed() ? 1 : 0);
    }
}
