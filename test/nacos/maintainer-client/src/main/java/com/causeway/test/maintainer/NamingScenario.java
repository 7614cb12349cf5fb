package com.causeway.test.maintainer;

import java.util.Properties;

/** The Maintainer SDK calls of seed 003's naming section. */
final class NamingScenario {

    private NamingScenario() {
    }

    static void run(Properties props, Checks checks) throws Exception {
        checks.check("naming.todo", true, "no calls yet");
    }
}
