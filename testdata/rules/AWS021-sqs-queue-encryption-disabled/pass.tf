variable "sse_from_caller" {
  type = bool
}

# Default: SSE-SQS.
resource "aws_sqs_queue" "default" {
  name = "default"
}

resource "aws_sqs_queue" "kms" {
  name              = "kms"
  kms_master_key_id = "alias/aws/sqs"
}

resource "aws_sqs_queue" "managed" {
  name                    = "managed"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "caller" {
  name                    = "caller"
  sqs_managed_sse_enabled = var.sse_from_caller
}
