{{- define "fn.mutate" -}}
{{- $d := dict "a" 1 -}}
{{- $_ := set $d "b" 2 -}}
{{- $_ := merge $d (dict "a" 9 "c" 3) -}}
{{- $_ := unset $d "b" -}}
{{- toYaml $d -}}
{{- end -}}
