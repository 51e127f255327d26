#!/usr/bin/env python3
"""Render StreamRelay connector configs and deploy them to any Kafka Connect REST API.

  connectctl.py render   --env ENV [--properties] FILE...
                                                   print FILE with its ${NAME} placeholders filled;
                                                   --properties prints a connector config (or the
                                                   connectorConfiguration of a create-connector
                                                   request) as key=value lines, as the MSK Connect
                                                   console takes it
  connectctl.py validate --env ENV [--url URL] [FILE...]
                                                   PUT /connector-plugins/{class}/config/validate
  connectctl.py apply    --env ENV [--url URL] [--timeout S] [--restart-failed] [FILE...]
                                                   PUT /connectors/{name}/config, then wait until the
                                                   connector and all its tasks are RUNNING
  connectctl.py status   [--url URL] NAME...       print connector and task states

--connect-wait S (default 60) retries a worker that is still starting or answers 409 while it
rebalances, so apply can run right after the worker is launched.

FILE defaults to connectors/ENV/*.json beside this script. ENV names env/ENV.properties beside this
script (--env-file PATH picks another file). A placeholder is ${NAME} with NAME in upper case; its
value comes from an environment variable of that name if set, else from the env file. Other ${...}
text (${queue}, ${secretsmanager:...}) is left alone. A placeholder without a value is an error.
The Connect URL is --url, else $CONNECT_URL, else http://localhost:8083.

Exit codes: 0 success; 1 validation errors, a connector or task not RUNNING, or a REST error;
2 bad usage or a missing variable. Needs only the Python 3 standard library. The Java class
dev.streamrelay.connect.config.ConfigRenderer renders by the same rules.
"""

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
NAME = re.compile(r"[A-Z][A-Z0-9_]*")


class UsageError(Exception):
    """Bad input: exit code 2."""


def read_env_file(path):
    variables = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise UsageError(f"Cannot read environment file {path}: {e.strerror}") from e
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, eq, value = line.partition("=")
        name = name.strip()
        if not eq or not NAME.fullmatch(name):
            raise UsageError(f"{path} line {number}: expected NAME=value with an upper-case NAME: {line}")
        variables[name] = value.strip()
    return variables


def load_variables(env_file):
    variables = read_env_file(env_file)
    for name, value in os.environ.items():
        if NAME.fullmatch(name):
            variables[name] = value
    return variables


def substitute(text, variables, missing):
    def replace(match):
        value = variables.get(match.group(1))
        if value is None:
            missing.add(match.group(1))
            return match.group(0)
        return value

    return PLACEHOLDER.sub(replace, text)


def fill(node, variables, missing):
    if isinstance(node, str):
        return substitute(node, variables, missing)
    if isinstance(node, list):
        return [fill(item, variables, missing) for item in node]
    if isinstance(node, dict):
        return {substitute(k, variables, missing): fill(v, variables, missing) for k, v in node.items()}
    return node


def fail_if_missing(missing, source):
    if missing:
        raise UsageError(
            f"{source} uses variables with no value: {', '.join(sorted(missing))}. "
            "Define them in the environment file or as environment variables.")


def render_json(path, variables):
    try:
        with open(path, encoding="utf-8") as f:
            tree = json.load(f)
    except (OSError, ValueError) as e:
        raise UsageError(f"{path} is not readable JSON: {e}") from e
    missing = set()
    rendered = fill(tree, variables, missing)
    fail_if_missing(missing, path)
    return rendered


def render_file(path, variables):
    if path.endswith(".json"):
        return json.dumps(render_json(path, variables), indent=2, ensure_ascii=False) + "\n"
    with open(path, encoding="utf-8") as f:
        text = f.read()
    missing = set()
    rendered = substitute(text, variables, missing)
    fail_if_missing(missing, path)
    return rendered


def escape_properties(text, key=False):
    out = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    if key:
        out = out.replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ")
    elif out.startswith(" "):
        out = "\\" + out
    return out


def render_properties(path, variables):
    config = render_json(path, variables)
    if isinstance(config, dict) and isinstance(config.get("connectorConfiguration"), dict):
        config = config["connectorConfiguration"]
    if not isinstance(config, dict) or not all(isinstance(v, str) for v in config.values()):
        raise UsageError(f"{path}: --properties needs a JSON object of string values")
    return "".join(f"{escape_properties(k, key=True)}={escape_properties(v)}\n" for k, v in config.items())


def connector_config(path, variables):
    config = render_json(path, variables)
    if not isinstance(config, dict) or not all(isinstance(v, str) for v in config.values()):
        raise UsageError(f"{path}: a connector config is a JSON object of string values")
    if not config.get("name") or not config.get("connector.class"):
        raise UsageError(f"{path}: needs \"name\" and \"connector.class\"")
    return config


class Connect:
    """The REST API of a Connect cluster. A worker that is still starting (connection refused) or
    rebalancing (HTTP 409) is retried for up to `wait` seconds per call."""

    def __init__(self, url, wait):
        self.url = url.rstrip("/")
        self.wait = wait

    def call(self, method, path, body=None):
        deadline = time.monotonic() + self.wait
        while True:
            try:
                code, result = self._call_once(method, path, body)
            except (urllib.error.URLError, OSError) as e:
                if time.monotonic() >= deadline:
                    reason = getattr(e, "reason", e)
                    raise RuntimeError(f"Cannot reach Kafka Connect at {self.url}: {reason}") from e
            else:
                if code != 409 or time.monotonic() >= deadline:
                    return code, result
            time.sleep(1)

    def _call_once(self, method, path, body):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                text = response.read().decode("utf-8")
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, {"message": text}


def quote(name):
    return urllib.parse.quote(name, safe="")


def message(result):
    """The error message of a REST response body."""
    return result.get("message", result) if isinstance(result, dict) else result


def validate(connect, path, config):
    status, result = connect.call(
        "PUT", f"/connector-plugins/{quote(config['connector.class'])}/config/validate", config)
    if status != 200:
        print(f"{path}: validate failed with HTTP {status}: {message(result)}")
        return False
    errors = [(c["value"]["name"], e) for c in result["configs"] for e in c["value"]["errors"]]
    if errors:
        print(f"{path}: {len(errors)} error(s)")
        for name, error in errors:
            print(f"  {name}: {error}")
        return False
    print(f"{path}: valid ({config['connector.class']})")
    return True


def states(status):
    """(connector state, [(task id, state, trace)]) from a status response."""
    tasks = [(t["id"], t["state"], t.get("trace")) for t in status.get("tasks", [])]
    return status["connector"]["state"], tasks


def print_status(name, status):
    connector_state, tasks = states(status)
    print(f"{name}: connector {connector_state}, tasks "
          + (", ".join(f"{i}={s}" for i, s, _ in tasks) or "none"))
    trace = status["connector"].get("trace")
    if trace:
        print(f"--- connector {name} trace ---\n{trace}")
    for task_id, state, task_trace in tasks:
        if task_trace:
            print(f"--- task {name}-{task_id} ({state}) trace ---\n{task_trace}")


def wait_for_task_configs(connect, name, config, deadline, poll=0.5):
    """Waits until the worker has task configs carrying `config` (the tasks of the new generation,
    not those still running an older config). StreamRelay's connectors copy their config into every
    task; for a connector that does not, this gives up after 15 s and says so."""
    limit = min(deadline, time.monotonic() + 15)
    while time.monotonic() < limit:
        code, tasks = connect.call("GET", f"/connectors/{quote(name)}/tasks")
        if code == 200 and tasks and all(
                all(t.get("config", {}).get(k) == v for k, v in config.items()) for t in tasks):
            return
        time.sleep(poll)
    print(f"{name}: could not confirm that the tasks run the new config; judging by status alone")


def wait_running(connect, name, timeout, config=None, poll=1.0, settle=3):
    """True once connector and every task are RUNNING for `settle` polls in a row; False when a
    component stays FAILED for `settle` polls or the timeout passes (the status, traces included,
    is printed)."""
    deadline = time.monotonic() + timeout
    if config is not None:
        wait_for_task_configs(connect, name, config, deadline)
    running = failed = 0
    status = None
    while time.monotonic() < deadline:
        code, status = connect.call("GET", f"/connectors/{quote(name)}/status")
        if code == 200:
            connector_state, tasks = states(status)
            all_states = [connector_state] + [s for _, s, _ in tasks]
            running = running + 1 if tasks and all(s == "RUNNING" for s in all_states) else 0
            failed = failed + 1 if "FAILED" in all_states else 0
            if running >= settle:
                print_status(name, status)
                return True
            if failed >= settle:
                print(f"{name} FAILED:")
                print_status(name, status)
                return False
        time.sleep(poll)
    print(f"{name}: not RUNNING after {timeout:.0f} s")
    if status and "connector" in status:
        print_status(name, status)
    else:
        print(f"last status response: {status}")
    return False


def apply(connect, path, config, timeout, restart_failed):
    name = config["name"]
    code, result = connect.call("PUT", f"/connectors/{quote(name)}/config", config)
    if code not in (200, 201):
        print(f"{path}: PUT /connectors/{name}/config failed with HTTP {code}: "
              f"{message(result)}")
        return False
    print(f"{name}: {'created' if code == 201 else 'updated'} from {path}")
    if restart_failed:
        code, result = connect.call(
            "POST", f"/connectors/{quote(name)}/restart?includeTasks=true&onlyFailed=true")
        if code not in (200, 202, 204):
            print(f"{name}: restart failed with HTTP {code}: {result}")
            return False
    return wait_running(connect, name, timeout, config)


def templates(args):
    if args.files:
        return args.files
    directory = os.path.join(HERE, "connectors", args.env)
    if not os.path.isdir(directory):
        raise UsageError(f"No connector templates in {directory}")
    return sorted(os.path.join(directory, f) for f in os.listdir(directory) if f.endswith(".json"))


def env_file(args):
    if args.env_file:
        return args.env_file
    if not args.env:
        raise UsageError("Give --env ENV or --env-file PATH")
    path = os.path.join(HERE, "env", args.env + ".properties")
    if args.env == "aws" and not os.path.exists(path):
        raise UsageError(f"{path} does not exist: copy env/aws.properties.example to it and fill it in")
    return path


def main(argv):
    parser = argparse.ArgumentParser(
        prog="connectctl.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for command in ("render", "validate", "apply", "status"):
        sub = commands.add_parser(command)
        if command != "status":
            sub.add_argument("--env", help="environment: env/ENV.properties and connectors/ENV/")
            sub.add_argument("--env-file", help="environment file to use instead of env/ENV.properties")
        if command != "render":
            sub.add_argument("--url", default=os.environ.get("CONNECT_URL", "http://localhost:8083"))
            sub.add_argument("--connect-wait", type=float, default=60, metavar="S",
                             help="seconds to retry a worker that is starting or rebalancing (409)")
        if command == "render":
            sub.add_argument("--properties", action="store_true",
                             help="print a connector config as key=value lines")
        if command == "apply":
            sub.add_argument("--timeout", type=float, default=180, help="seconds to wait per connector")
            sub.add_argument("--restart-failed", action="store_true",
                             help="restart failed tasks after the update (an unchanged config does not)")
        sub.add_argument("files", nargs="*" if command != "render" else "+",
                         metavar="NAME" if command == "status" else "FILE")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)

    try:
        if args.command == "status":
            connect = Connect(args.url, args.connect_wait)
            ok = True
            for name in args.files:
                code, status = connect.call("GET", f"/connectors/{quote(name)}/status")
                if code != 200:
                    print(f"{name}: HTTP {code}: {message(status)}")
                    ok = False
                else:
                    print_status(name, status)
            return 0 if ok else 1
        variables = load_variables(env_file(args))
        if args.command == "render":
            for path in args.files:
                if args.properties:
                    sys.stdout.write(render_properties(path, variables))
                else:
                    sys.stdout.write(render_file(path, variables))
            return 0
        configs = [(path, connector_config(path, variables)) for path in templates(args)]
        connect = Connect(args.url, args.connect_wait)
        if args.command == "validate":
            results = [validate(connect, path, config) for path, config in configs]
        else:
            results = [apply(connect, path, config, args.timeout, args.restart_failed)
                       for path, config in configs]
        return 0 if all(results) else 1
    except UsageError as e:
        print(f"connectctl: {e}", file=sys.stderr)
        return 2
    except RuntimeError as e:
        print(f"connectctl: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
