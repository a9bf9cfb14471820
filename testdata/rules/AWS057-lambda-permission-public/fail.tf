resource "aws_lambda_permission" "anyone" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = "thumbnails"
  principal     = "*" # expect: AWS057 "lets any principal invoke"
}
