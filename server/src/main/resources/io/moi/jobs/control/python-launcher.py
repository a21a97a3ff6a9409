# Runs the body of a moi python job as the body of a function, as the original moi did, and
# writes what it returns as JSON to a file of its own, so that print() cannot corrupt it. An
# error is written as the original moi stored it, traceback.format_exception's list of lines,
# to a file of its own too.
# Arguments: the file holding the body, the file for the result, the file for an error.
import ast
import json
import linecache
import os
import sys
import textwrap
import traceback

FILE = "<job>"


def compile_body(body):
    # The body's statements are placed into the function's syntax tree rather than its text
    # being indented under a def: line numbers stay the user's own, and multi-line string
    # literals keep their content.
    module = ast.parse(body, FILE)
    wrapper = ast.parse("def execwrapper():\n    pass\n", FILE).body[0]
    if module.body:
        wrapper.body = module.body
    module.body = [wrapper]
    return compile(module, FILE, "exec")


def moi_update_status(text):
    """Sets the job's status, pushed live to every screen that shows it (one line of text)."""
    line = " ".join(str(text).splitlines())
    with open(os.environ["MOI_STATUS_FILE"], "a", encoding="utf-8") as status:
        status.write(line + "\n")


def fail(error_file, lines):
    with open(error_file, "w", encoding="utf-8") as error:
        json.dump(lines, error)
    return 1


def main(body_file, result_file, error_file):
    with open(body_file, encoding="utf-8") as source:
        body = textwrap.dedent(source.read())
    # Lets tracebacks show the lines of the job's code (whole lines end with a newline, or
    # the traceback's markers are one column off).
    if not body.endswith("\n"):
        body += "\n"
    linecache.cache[FILE] = (len(body), None, body.splitlines(True), FILE)
    try:
        code = compile_body(body)
    except SyntaxError as error:
        return fail(error_file, traceback.format_exception(type(error), error, None))
    namespace = {"__name__": "__main__", "moi_update_status": moi_update_status}
    exec(code, namespace)
    try:
        # allow_nan=False: NaN and Infinity are not JSON, and would be refused later.
        text = json.dumps(namespace["execwrapper"](), allow_nan=False)
    except Exception as error:
        # The trace starts in the job's code, without this launcher's frame.
        return fail(error_file,
                    traceback.format_exception(type(error), error, error.__traceback__.tb_next))
    with open(result_file, "w", encoding="utf-8") as result:
        result.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
