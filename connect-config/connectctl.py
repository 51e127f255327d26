#!/usr/bin/env python3
"""Render StreamRelay connector configs and deploy them to any Kafka Connect REST API.

  connectctl.py render   --env ENV [--properties] FILE...
                                                   print FILE with its ${NAME} placeholders filled;
                                                   --properties prints a connector config (or the
                                                   connectorConfiguration of a create-connector
                                                   request) as key=value lines, as the MSK Connect
                                                   console takes it
  connectctl.py render-worker --env ENV            print a self-managed worker's properties file:
                                                   worker/connect-distributed.properties rendered,
                                                   then ../mskconnect/worker-configuration.properties
  connectctl.py validate --env ENV [--url URL] [FILE...]
                                                   PUT /connector-plugins/{class}/config/validate
  connectctl.py apply    --env ENV [--url URL] [--timeout S] [--restart-failed] [FILE...]
                                                   PUT /connectors/{name}/config, then wait until the
                                                   connector and all its tasks are RUNNING
  connectctl.py status   [--url URL] NAME...       print connector and task states

--connect-wait S (default 60) retries a worker that is still starting or answers 409 while it
rebalances, so apply can run right after the worker is launched.

FILE defaults to connectors/*.json beside this script: one template per connector, the same for
every environment. ENV names env/ENV.properties beside this script (--env-file PATH picks another
file). A placeholder is ${NAME} with NAME in upper case; its value comes from an environment
variable of that name if set, else from the env file. Other ${...} text (${queue},
${secretsmanager:...}) is left alone. A placeholder without a value is an error. The overlay beside
the env file (env/local.connectors.json for env/local.properties) adds keys to the template of each
name it lists: only aws.endpoint.url, aws.access.key.id and aws.secret.access.key, and never a key
the template sets. The Connect URL is --url, else $CONNECT_URL, else http://localhost:8083.

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
# The only keys an overlay may add: endpoints and credentials (ConnectorOverlay.KEYS in Java).
OVERLAY_KEYS = ("aws.access.key.id", "aws.endpoint.url", "aws.secret.access.key")
SHARED_WORKER_HEADER = ("# --- mskconnect/worker-configuration.properties: the settings every StreamRelay worker"
                        " runs with, MSK Connect's too ---\n")


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


def overlay_file(env_file):
    """env/local.connectors.json for env/local.properties: the name up to its first dot."""
    directory, name = os.path.split(env_file)
    return os.path.join(directory, name.split(".", 1)[0] + ".connectors.json")


def read_overlay(path):
    """{template name: {key: value}}; refuses a key outside OVERLAY_KEYS."""
    try:
        with open(path, encoding="utf-8") as f:
            tree = json.load(f)
    except (OSError, ValueError) as e:
        raise UsageError(f"{path} is not readable JSON: {e}") from e
    shape = (f"{path}: an overlay is a JSON object that maps connector template names to objects of"
             " string values")
    if not isinstance(tree, dict) or not all(isinstance(v, dict) for v in tree.values()):
        raise UsageError(shape)
    for section, keys in tree.items():
        for key, value in keys.items():
            if key not in OVERLAY_KEYS:
                raise UsageError(
                    f"{path}: {section}: {key} cannot be overlaid. An overlay sets only endpoints and "
                    f"credentials ({', '.join(OVERLAY_KEYS)}); every other setting belongs in "
                    f"connectors/{section}.json, the same in every environment.")
            if not isinstance(value, str):
                raise UsageError(shape)
    return path, tree


def load_overlay(env_file):
    path = overlay_file(env_file)
    return read_overlay(path) if os.path.exists(path) else (None, {})


def template_name(path):
    name = os.path.basename(path)
    return name[:-len(".json")] if name.endswith(".json") else name


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


def render_json(path, variables, overlay=(None, {})):
    """The JSON template filled; a connector template the overlay names gets its keys added."""
    try:
        with open(path, encoding="utf-8") as f:
            tree = json.load(f)
    except (OSError, ValueError) as e:
        raise UsageError(f"{path} is not readable JSON: {e}") from e
    missing = set()
    rendered = fill(tree, variables, missing)
    overlay_path, sections = overlay
    added = sections.get(template_name(path), {})
    if added and isinstance(rendered, dict):
        for key, value in added.items():
            if key in rendered:
                raise UsageError(
                    f"{path} sets {key}, which {overlay_path} also sets: an overlay only adds endpoints "
                    "and credentials that the template leaves out.")
            rendered[key] = substitute(value, variables, missing)
    fail_if_missing(missing, path)
    return rendered


def render_text(path, variables):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise UsageError(f"Cannot read template {path}: {e.strerror}") from e
    missing = set()
    rendered = substitute(text, variables, missing)
    fail_if_missing(missing, path)
    return rendered


def render_file(path, variables, overlay=(None, {})):
    if path.endswith(".json"):
        return json.dumps(render_json(path, variables, overlay), indent=2, ensure_ascii=False) + "\n"
    return render_text(path, variables)


def property_keys(text):
    """The keys of a .properties text, by java.util.Properties' rules for keys."""
    keys = set()
    lines = iter(text.splitlines())
    for raw in lines:
        line = raw.lstrip(" \t\f")
        if not line or line[0] in "#!":
            continue
        while (len(line) - len(line.rstrip("\\"))) % 2 == 1:  # a continued line
            line = line[:-1] + next(lines, "").lstrip(" \t\f")
        key, escaped = [], False
        for ch in line:
            if escaped:
                key.append(ch)
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch in "=: \t\f":
                break
            else:
                key.append(ch)
        keys.add("".join(key))
    return keys


def render_worker(variables):
    """worker/connect-distributed.properties rendered, then every line of the shared worker
    configuration (ConfigRenderer.renderWorker in Java)."""
    local = os.path.join(HERE, "worker", "connect-distributed.properties")
    shared = os.path.join(os.path.dirname(HERE), "mskconnect", "worker-configuration.properties")
    local_text = render_text(local, variables)
    try:
        with open(shared, encoding="utf-8") as f:
            shared_text = f.read()
    except OSError as e:
        raise UsageError(f"Cannot read {shared}: {e.strerror}") from e
    placeholder = PLACEHOLDER.search(shared_text)
    if placeholder:
        raise UsageError(f"{shared} holds the placeholder {placeholder.group(0)}, but MSK Connect takes "
                         "that file as it is: write the value itself.")
    repeated = sorted(property_keys(local_text) & property_keys(shared_text))
    if repeated:
        raise UsageError(f"{local} sets {', '.join(repeated)}, which {shared} sets for every StreamRelay "
                         "worker: set them there only.")
    if not local_text.endswith("\n"):
        local_text += "\n"
    return local_text + "\n" + SHARED_WORKER_HEADER + shared_text


def escape_properties(text, key=False):
    out = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    if key:
        out = out.replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ")
    elif out.startswith(" "):
        out = "\\" + out
    return out


def render_properties(path, variables, overlay):
    config = render_json(path, variables, overlay)
    if isinstance(config, dict) and isinstance(config.get("connectorConfiguration"), dict):
        config = config["connectorConfiguration"]
    if not isinstance(config, dict) or not all(isinstance(v, str) for v in config.values()):
        raise UsageError(f"{path}: --properties needs a JSON object of string values")
    return "".join(f"{escape_properties(k, key=True)}={escape_properties(v)}\n" for k, v in config.items())


def connector_config(path, variables, overlay):
    config = render_json(path, variables, overlay)
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
    directory = os.path.join(HERE, "connectors")
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
    for command in ("render", "render-worker", "validate", "apply", "status"):
        sub = commands.add_parser(command)
        if command != "status":
            sub.add_argument("--env", help="environment: env/ENV.properties and its overlay env/ENV.connectors.json")
            sub.add_argument("--env-file", help="environment file to use instead of env/ENV.properties")
        if command not in ("render", "render-worker"):
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
        if command != "render-worker":
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
        if args.command == "render-worker":
            sys.stdout.write(render_worker(variables))
            return 0
        overlay = load_overlay(env_file(args))
        if args.command == "render":
            for path in args.files:
                if args.properties:
                    sys.stdout.write(render_properties(path, variables, overlay))
                else:
                    sys.stdout.write(render_file(path, variables, overlay))
            return 0
        configs = [(path, connector_config(path, variables, overlay)) for path in templates(args)]
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
