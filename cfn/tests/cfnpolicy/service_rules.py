"""Service rules: outputs, nesting, API Gateway, Firehose and Athena."""

from __future__ import annotations

import re
import urllib.parse

from .model import Problem, check, dig, is_true, load, props, strings_in

@check
def outputs_exported_with_stack_prefix(templates):
    """Every output is exported as ${AWS::StackName}-<OutputName>."""
    for t in templates:
        for name, output in (t.data.get("Outputs") or {}).items():
            export = dig(output, "Export", "Name")
            want = "${AWS::StackName}-" + name
            if not (isinstance(export, dict) and export.get("Fn::Sub") == want):
                yield Problem(t, name, f"output must be exported as !Sub \"{want}\", found {export!r}")


@check
def nested_templates_exist(templates):
    """The parent's nested templates exist, and the parameters it passes match theirs."""
    for t in templates:
        for rid, res in t.resources("AWS::CloudFormation::Stack"):
            url = props(res).get("TemplateURL")
            if not isinstance(url, str) or "://" in url:
                yield Problem(t, rid, f"TemplateURL must be a relative path for `cloudformation package`, got {url!r}")
                continue
            child_path = (t.path.parent / url).resolve()
            if not child_path.is_file():
                yield Problem(t, rid, f"nested template {url} does not exist")
                continue
            try:
                child = load(child_path)
            except ValueError as error:
                yield Problem(t, rid, str(error))
                continue
            passed = set((props(res).get("Parameters") or {}).keys())
            declared = child.parameters()
            for name in sorted(passed - set(declared)):
                yield Problem(t, rid, f"passes {name}, which {url} does not declare")
            for name in sorted(n for n, d in declared.items() if "Default" not in (d or {}) and n not in passed):
                yield Problem(t, rid, f"does not pass {name}, which {url} requires")


@check
def parent_nests_every_template(templates):
    """The parent nests every small template in its directory (nothing is left out of one-command deploy)."""
    for t in templates:
        stacks = list(t.resources("AWS::CloudFormation::Stack"))
        if not stacks:
            continue
        nested = {(t.path.parent / str(props(r).get("TemplateURL"))).resolve() for _, r in stacks}
        for sibling in sorted(t.path.parent.glob("*.yaml")):
            if sibling.resolve() != t.path.resolve() and sibling.resolve() not in nested:
                yield Problem(t, None, f"{sibling.name} is not nested by the parent")


@check
def api_validated_keyed_throttled_logged(templates):
    """API methods need an API key, a request validator and model, no Lambda; usage plan throttles; stage logs."""
    for t in templates:
        apis = [rid for rid, _ in t.resources("AWS::ApiGateway::RestApi")]
        for rid, res in t.resources("AWS::ApiGateway::Method"):
            p = props(res)
            if p.get("HttpMethod") == "OPTIONS":
                continue
            if not is_true(p.get("ApiKeyRequired")):
                yield Problem(t, rid, "ApiKeyRequired must be true")
            if not p.get("RequestValidatorId") or not p.get("RequestModels"):
                yield Problem(t, rid, "method needs RequestValidatorId and RequestModels")
            uri = " ".join(strings_in(dig(p, "Integration", "Uri")))
            if ":lambda:" in uri or dig(p, "Integration", "Type") == "AWS_PROXY":
                yield Problem(t, rid, "integration must call the AWS service directly, not Lambda")
        for rid, res in t.resources("AWS::ApiGateway::RequestValidator"):
            if not is_true(props(res).get("ValidateRequestBody")):
                yield Problem(t, rid, "ValidateRequestBody must be true")
        if apis:
            plans = [r for _, r in t.resources("AWS::ApiGateway::UsagePlan")]
            if not any(dig(props(r), "Throttle", "RateLimit") and dig(props(r), "Throttle", "BurstLimit")
                       for r in plans):
                yield Problem(t, apis[0], "no usage plan with Throttle.RateLimit and BurstLimit")
            if not any(t.resources("AWS::ApiGateway::UsagePlanKey")):
                yield Problem(t, apis[0], "no API key attached to a usage plan")
            stages = list(t.resources("AWS::ApiGateway::Stage"))
            if not stages:
                yield Problem(t, apis[0], "no AWS::ApiGateway::Stage (access logs live on the stage)")
            for sid, stage in stages:
                if not dig(props(stage), "AccessLogSetting", "DestinationArn"):
                    yield Problem(t, sid, "stage has no access logs (AccessLogSetting)")


# A small renderer for the subset of API Gateway's VTL the SQS mapping template uses.
_SAMPLE_BODIES = [
    '{"id":"e-1","type":"click","ts":"2026-11-25T10:00:00Z","payload":{"page":"/a?b=c&d=e"}}',
    '{"id":"e-2","type":"note","ts":"2026-11-25T10:00:01.5+01:00","payload":{"text":"1+1=2 100% sure; caf\u00e9 \u2603\\n"}}',
]


def _url_encode(text: str) -> str:
    # $util.urlEncode behaves like java.net.URLEncoder: space -> '+', '*' kept, everything else escaped.
    return urllib.parse.quote_plus(text, safe="*")


def render_mapping_template(template: str, body: str, request_id: str = "req-123") -> str:
    out = template.replace("$util.urlEncode($input.body)", _url_encode(body))
    out = out.replace("$input.body", body).replace("$context.requestId", request_id)
    leftover = re.search(r"\$(util|input|context)\b[\w.()$]*", out)
    if leftover:
        raise ValueError(f"renderer does not know {leftover.group(0)}")
    return out


@check
def api_mapping_template_sends_message(templates):
    """The SQS integration's request template renders sample events into a correct SendMessage form body."""
    for t in templates:
        for rid, res in t.resources("AWS::ApiGateway::Method"):
            integration = props(res).get("Integration") or {}
            if ":sqs:path/" not in " ".join(strings_in(integration.get("Uri"))):
                continue
            content_type = dig(integration, "RequestParameters", "integration.request.header.Content-Type")
            if content_type != "'application/x-www-form-urlencoded'":
                yield Problem(t, rid, "SQS query requests need Content-Type 'application/x-www-form-urlencoded'")
            if integration.get("PassthroughBehavior") != "NEVER":
                yield Problem(t, rid, "PassthroughBehavior must be NEVER (unknown content types get 415)")
            template = dig(integration, "RequestTemplates", "application/json")
            if not isinstance(template, str):
                yield Problem(t, rid, "no application/json request template")
                continue
            for body in _SAMPLE_BODIES:
                try:
                    form = urllib.parse.parse_qs(render_mapping_template(template, body),
                                                 keep_blank_values=True, strict_parsing=True)
                except ValueError as error:
                    yield Problem(t, rid, f"request template does not render: {error}")
                    break
                if form.get("Action") != ["SendMessage"] or form.get("MessageBody") != [body] \
                        or set(form) - {"Action", "MessageBody", "Version"}:
                    yield Problem(t, rid, f"sample event does not survive the template: {sorted(form)} "
                                          f"-> MessageBody {form.get('MessageBody')!r}")
                    break


def _gzip_or_converted(s3: dict) -> bool:
    """GZIP JSON, or Parquet conversion (whose SerDe compresses) with S3 compression off, under the
    same condition: {Fn::If: [C, UNCOMPRESSED, GZIP]} beside {Fn::If: [C, {...}, AWS::NoValue]}."""
    compression, conversion = s3.get("CompressionFormat"), s3.get("DataFormatConversionConfiguration")
    if conversion is None:
        return compression == "GZIP"
    if isinstance(conversion, dict) and "Fn::If" in conversion:
        cond, on, off = conversion["Fn::If"]
        return (off == {"Ref": "AWS::NoValue"} and isinstance(compression, dict)
                and compression.get("Fn::If") == [cond, "UNCOMPRESSED", "GZIP"])
    return compression == "UNCOMPRESSED"


@check
def firehose_gzip_prefixes_logging(templates):
    """Firehose to S3: buffering hints, GZIP, time prefix, error prefix, CloudWatch logging, encryption."""
    for t in templates:
        for rid, res in t.resources("AWS::KinesisFirehose::DeliveryStream"):
            p = props(res)
            s3 = p.get("ExtendedS3DestinationConfiguration")
            if not isinstance(s3, dict):
                yield Problem(t, rid, "expected ExtendedS3DestinationConfiguration")
                continue
            if not _gzip_or_converted(s3):
                yield Problem(t, rid, "CompressionFormat must be GZIP, or UNCOMPRESSED exactly when"
                                      " DataFormatConversionConfiguration converts to Parquet")
            if not dig(s3, "BufferingHints", "IntervalInSeconds") or not dig(s3, "BufferingHints", "SizeInMBs"):
                yield Problem(t, rid, "BufferingHints needs IntervalInSeconds and SizeInMBs")
            if "!{timestamp:" not in " ".join(strings_in(s3.get("Prefix"))):
                yield Problem(t, rid, "Prefix must contain a !{timestamp:...} time partition")
            if not s3.get("ErrorOutputPrefix"):
                yield Problem(t, rid, "ErrorOutputPrefix is missing")
            if not is_true(dig(s3, "CloudWatchLoggingOptions", "Enabled")):
                yield Problem(t, rid, "CloudWatchLoggingOptions.Enabled must be true")
            if p.get("DeliveryStreamType", "DirectPut") == "DirectPut" and \
                    not dig(p, "DeliveryStreamEncryptionConfigurationInput", "KeyType"):
                yield Problem(t, rid, "server-side encryption of the stream is off")


@check
def athena_workgroup_enforced_encrypted(templates):
    """Athena workgroups enforce their settings and write encrypted results to a set location."""
    for t in templates:
        for rid, res in t.resources("AWS::Athena::WorkGroup"):
            config = props(res).get("WorkGroupConfiguration") or {}
            if not is_true(config.get("EnforceWorkGroupConfiguration")):
                yield Problem(t, rid, "EnforceWorkGroupConfiguration must be true")
            if not dig(config, "ResultConfiguration", "OutputLocation"):
                yield Problem(t, rid, "no ResultConfiguration.OutputLocation")
            if not dig(config, "ResultConfiguration", "EncryptionConfiguration", "EncryptionOption"):
                yield Problem(t, rid, "query results are not encrypted")
            if not config.get("BytesScannedCutoffPerQuery"):
                yield Problem(t, rid, "no BytesScannedCutoffPerQuery (runaway scans cost money)")
