// Runs an ASL definition through aws-local-stepfunctions (a third-party interpreter) once per scenario, so the
// Java executor in asl-interpreter can be cross-checked on the same cases.
//
// usage: node run-scenarios.mjs <definition.json> <scenarios.json>
//
// The scenario file is a Step Functions Local mock configuration plus the inputs and the machine to use:
//   {"StateMachine": "sm", "Inputs": {"<case>": {...}},
//    "StateMachines": {"sm": {"TestCases": {"<case>": {"<TaskState>": "<MockedResponse>"}}}},
//    "MockedResponses": {"<MockedResponse>": {"0": {"Return": {...}}, "1-2": {"Throw": {"Error": "E", "Cause": "C"}}}}}
// Every test case of that machine is run; each Task state is served from its mocked response, by invocation number.
// Prints one JSON array: [{"scenario", "status", "error", "cause", "failedStates", "output"}].
import { readFileSync } from 'node:fs';

// aws-local-stepfunctions 3.0.0 calls Promise.withResolvers (node >= 22); node 20 lacks it, so every Task would
// fail with a TypeError. Polyfill it before the library is loaded (hence the dynamic import below).
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
const { StateMachine, ExecutionError, ExecutionTimeoutError } = await import('aws-local-stepfunctions');

const [definitionFile, scenarioFile] = process.argv.slice(2);
if (!definitionFile || !scenarioFile) {
  console.error('usage: node run-scenarios.mjs <definition.json> <scenarios.json>');
  process.exit(2);
}
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
const scenarios = JSON.parse(readFileSync(scenarioFile, 'utf8'));
const machineName = scenarios.StateMachine;
const testCases = scenarios.StateMachines?.[machineName]?.TestCases;
if (!testCases) {
  console.error(`scenario file has no StateMachines.${machineName}.TestCases`);
  process.exit(2);
}

/** Every state of the definition, nested Parallel branches and Map processors included. */
function allStates(scope, out = []) {
  for (const [name, state] of Object.entries(scope.States ?? {})) {
    out.push([name, state]);
    for (const branch of state.Branches ?? []) allStates(branch, out);
    if (state.ItemProcessor) allStates(state.ItemProcessor, out);
    if (state.Iterator) allStates(state.Iterator, out);
  }
  return out;
}

/** The scripted outcome for invocation n of a mocked response ("0", "1-2" keys). */
function scripted(responseName, n) {
  const response = scenarios.MockedResponses?.[responseName];
  if (!response) throw new Error(`unknown mocked response '${responseName}'`);
  for (const [key, outcome] of Object.entries(response)) {
    const [from, to = from] = key.split('-').map((s) => Number.parseInt(s.trim(), 10));
    if (n >= from && n <= to) return outcome;
  }
  return undefined;
}

function namedError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

async function runScenario(caseName, mocks) {
  const counters = {};
  const taskResourceLocalHandlers = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of allStates(definition)) {
    if (state.Retry) retryIntervalOverrides[name] = 0;
    if (state.Type !== 'Task') continue;
    taskResourceLocalHandlers[name] = async () => {
      const n = counters[name] ?? 0;
      counters[name] = n + 1;
      const responseName = mocks[name];
      if (!responseName) throw namedError('States.Runtime', `Task state '${name}' has no mocked response`);
      const outcome = scripted(responseName, n);
      if (!outcome) {
        throw namedError('States.Runtime', `mocked response '${responseName}' has no entry for invocation ${n}`);
      }
      if (outcome.Throw) throw namedError(outcome.Throw.Error, outcome.Throw.Cause ?? '');
      return outcome.Return;
    };
  }
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  const execution = machine.run(scenarios.Inputs?.[caseName] ?? {}, {
    overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
    context: { Execution: { Name: caseName, Id: `arn:aws:states:local:000000000000:execution:${machineName}:${caseName}` } },
  });
  const failedStates = new Set();
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateFailed') failedStates.add(event.state.name);
    }
  })();
  const result = { scenario: caseName };
  try {
    result.output = await execution.result;
    result.status = 'SUCCEEDED';
  } catch (error) {
    if (error instanceof ExecutionTimeoutError) {
      Object.assign(result, { status: 'TIMED_OUT', error: 'States.Timeout', cause: error.message });
    } else if (error instanceof ExecutionError) {
      const cause = error.cause ?? {};
      Object.assign(result, { status: 'FAILED', error: cause.name, cause: cause.message });
    } else {
      Object.assign(result, { status: 'FAILED', error: error.name, cause: error.message });
    }
  }
  await collecting;
  result.failedStates = [...failedStates].sort();
  return result;
}

const results = [];
for (const [caseName, mocks] of Object.entries(testCases)) {
  results.push(await runScenario(caseName, mocks));
}
process.stdout.write(JSON.stringify(results) + '\n');
