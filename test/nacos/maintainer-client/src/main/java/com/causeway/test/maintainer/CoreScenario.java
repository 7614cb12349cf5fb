package com.causeway.test.maintainer;

import java.util.Properties;

/** The Maintainer SDK calls of seed 003's core section. */
final class CoreScenario {

    private CoreScenario() {
    }

    static void run(Properties props, Checks checks) throws Exception {
        checks.check("core.todo", true, "no calls yet");
    }
}
