"""Validates an MSK Connect API request against botocore's service model, offline.

usage: botocore_validate.py OPERATION REQUEST.json
Exit 0 when valid, 1 with botocore's messages when not, 3 when botocore is not installed.
"""
import json
import sys

try:
    import botocore.session
    from botocore.exceptions import ParamValidationError
    from botocore.validate import validate_parameters
except ImportError:
    print("botocore is not installed", file=sys.stderr)
    sys.exit(3)

operation, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    request = json.load(f)
model = botocore.session.get_session().get_service_model("kafkaconnect")
try:
    validate_parameters(request, model.operation_model(operation).input_shape)
except ParamValidationError as e:
    print(e, file=sys.stderr)
    sys.exit(1)
print(f"{operation} request {path} is valid for botocore {botocore.__version__}")
