package admin

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// Bodies of the API. The OpenAPI schemas are made from these types by
// reflection, so the document describes what the handlers really send.

type meJSON struct {
	User      string `json:"user"`
	Role      string `json:"role" doc:"admin (everything) or viewer (read-only)"`
	TokenID   string `json:"token_id"`
	TokenName string `json:"token_name"`
}

type extensionList struct {
	Extensions []extensionJSON `json:"extensions"`
}

type extensionCreated struct {
	Extension extensionJSON `json:"extension"`
	Password  string        `json:"password,omitempty" doc:"the generated SIP password, present only when none was sent; it is not stored and not shown again"`
}

type passwordReset struct {
	Password string `json:"password" doc:"the new SIP password, 8 to 128 characters; empty or absent to generate one"`
}

type passwordResetResult struct {
	Number   string `json:"number"`
	Password string `json:"password,omitempty" doc:"the generated password, present only when none was sent"`
}

type registrationList struct {
	Registrations []Phone `json:"registrations"`
}

type callList struct {
	Calls []Call `json:"calls"`
}

type cdrPage struct {
	CDRs       []cdrJSON `json:"cdrs"`
	NextOffset *int      `json:"next_offset" doc:"offset of the next page, null on the last page"`
}

type callsPerHour struct {
	Date  string    `json:"date"`
	Start time.Time `json:"start"`
	Hours []int     `json:"hours" doc:"calls started in each hour of the day (23 or 25 entries on days when the clocks change)"`
}

type banList struct {
	Bans []banView `json:"bans"`
}

type bansCleared struct {
	Lifted int `json:"lifted"`
}

type auditPage struct {
	Entries    []auditJSON `json:"entries"`
	NextBefore *int64      `json:"next_before" doc:"pass as before= for the next page; null on the last page"`
}

type tokenList struct {
	Tokens []tokenJSON `json:"tokens"`
}

type tokenCreate struct {
	Name string `json:"name" doc:"what the token is for, 1 to 100 characters"`
	User string `json:"user" doc:"admin user the token acts as (default: the caller); the token has that user's role"`
}

type tokenCreated struct {
	Token  tokenJSON `json:"token"`
	Secret string    `json:"secret" doc:"send as Authorization: Bearer SECRET; only its SHA-256 is stored, it is not shown again"`
}

type userList struct {
	Users []userJSON `json:"users"`
}

type errorJSON struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty" doc:"for 422: what is wrong with each field, by field name"`
}

// schemaTypes names every schema of the document.
var schemaTypes = map[string]any{
	"Error": errorJSON{}, "Me": meJSON{}, "PasswordChange": passwordChange{}, "Health": healthJSON{},
	"Extension": extensionJSON{}, "ExtensionList": extensionList{}, "ExtensionCreated": extensionCreated{},
	"ExtensionCreate": extensionInput{}, "ExtensionUpdate": extensionInput{},
	"PasswordReset": passwordReset{}, "PasswordResetResult": passwordResetResult{}, "Softphone": softphoneJSON{},
	"RegistrationList": registrationList{}, "CallList": callList{}, "CDRPage": cdrPage{}, "CallsPerHour": callsPerHour{},
	"BanList": banList{}, "BansCleared": bansCleared{}, "AuditPage": auditPage{}, "Settings": settingsJSON{},
	"SettingsUpdate": settingsInput{}, "TokenList": tokenList{}, "TokenCreate": tokenCreate{}, "TokenCreated": tokenCreated{},
	"UserList": userList{},
	"Trunk":    trunkJSON{}, "TrunkList": trunkList{}, "TrunkCreate": TrunkInput{},
	"DID": didJSON{}, "DIDList": didList{}, "DIDCreate": didInput{},
	"Route": routeJSON{}, "RouteList": routeList{}, "RouteCreate": routeInput{},
}

func (s *Server) apiOpenAPI(c echo.Context) error {
	body, err := s.openAPI()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/json", body)
}

var pathParam = regexp.MustCompile(`:([a-z_]+)`)

// openAPIDoc is the OpenAPI 3 description of every route in apiRoutes.
func (s *Server) openAPIDoc() map[string]any {
	paths := map[string]map[string]any{
		"/openapi.json": {"get": map[string]any{
			"summary": "This document", "tags": []string{"system"}, "operationId": "getOpenAPI", "security": []any{},
			"responses": map[string]any{"200": map[string]any{"description": "OpenAPI 3 document",
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}},
		}},
	}
	for _, r := range s.apiRoutes() {
		p := pathParam.ReplaceAllString(r.path, "{$1}")
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		op := map[string]any{"summary": r.summary, "tags": []string{r.tag}, "operationId": operationID(r)}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(r.path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range r.query {
			params = append(params, map[string]any{"name": q.name, "in": "query", "description": q.desc, "schema": map[string]any{"type": q.typ}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if r.body != "" {
			op["requestBody"] = map[string]any{"required": r.body == "ExtensionCreate" || r.body == "TokenCreate" || r.body == "PasswordChange" ||
				r.body == "TrunkCreate" || r.body == "DIDCreate" || r.body == "RouteCreate",
				"content": map[string]any{"application/json": map[string]any{"schema": ref(r.body)}}}
		}
		resp := map[string]any{}
		ok := map[string]any{"description": http.StatusText(r.status)}
		switch r.resp {
		case "":
		case "csv":
			ok["content"] = map[string]any{"text/csv": map[string]any{"schema": map[string]any{"type": "string"}}}
		default:
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": ref(r.resp)}}
		}
		resp[strconv.Itoa(r.status)] = ok
		errResp := func(code int, why string) {
			resp[strconv.Itoa(code)] = map[string]any{"description": why,
				"content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
		}
		errResp(401, "no token, an unknown token or a revoked token")
		if r.write {
			errResp(403, "the token's user has the viewer role (read-only)")
		}
		if strings.Contains(r.path, ":") {
			errResp(404, "no such object")
		}
		if r.body != "" || r.query != nil || strings.Contains(r.path, ":addr") {
			errResp(422, "invalid input; fields names each wrong field")
		}
		if r.body != "" {
			errResp(400, "malformed JSON")
		}
		op["responses"] = resp
		paths[p][strings.ToLower(r.method)] = op
	}
	schemas := map[string]any{}
	for name, v := range schemaTypes {
		schemas[name] = schemaOf(reflect.TypeOf(v))
	}
	create := schemas["ExtensionCreate"].(map[string]any)
	create["required"] = []string{"number"}
	update := schemas["ExtensionUpdate"].(map[string]any)
	props := map[string]any{}
	for k, v := range update["properties"].(map[string]any) {
		if k != "password" && k != "number" {
			props[k] = v
		}
	}
	update["properties"] = props
	schemas["TrunkCreate"].(map[string]any)["required"] = []string{"name", "type", "host"}
	schemas["DIDCreate"].(map[string]any)["required"] = []string{"number", "trunk", "extension"}
	schemas["RouteCreate"].(map[string]any)["required"] = []string{"name", "pattern", "trunks"}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Dialtone PBX API", "version": "1",
			"description": "Manage the PBX: extensions, trunks, inbound and outbound routes, registrations, call records, bans, settings, tokens. " +
				"Authenticate with an API token (`dialtone token add NAME --user USER`, or the API tokens page): " +
				"`Authorization: Bearer TOKEN`. A token acts with its user's role; viewers may only read. " +
				"Invalid input is answered 422 with the name of each wrong field. Every change is written to the audit log."},
		"servers":  []any{map[string]any{"url": apiPrefix}},
		"security": []any{map[string]any{"bearer": []string{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         schemas,
		},
	}
}

// openAPI is the document as JSON, made once.
func (s *Server) openAPI() ([]byte, error) {
	s.openapiOnce.Do(func() { s.openapiBody, s.openapiErr = json.MarshalIndent(s.openAPIDoc(), "", "  ") })
	return s.openapiBody, s.openapiErr
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// operationID is e.g. getExtensionsNumberSoftphone.
func operationID(r apiRoute) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(r.method))
	for _, part := range strings.FieldsFunc(r.path, func(c rune) bool { return c == '/' || c == '.' || c == '-' || c == ':' || c == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

var (
	timeType = reflect.TypeOf(time.Time{})
	addrType = reflect.TypeOf(netip.Addr{})
)

// schemaOf describes a Go type as an OpenAPI 3.0 schema, following its
// JSON encoding: json tags, omitempty (optional), pointers (nullable, and
// optional in requests), embedded structs (flattened), and doc tags.
func schemaOf(t reflect.Type) map[string]any {
	nullable := false
	for t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	var sc map[string]any
	switch {
	case t == timeType:
		sc = map[string]any{"type": "string", "format": "date-time"}
	case t == addrType:
		sc = map[string]any{"type": "string", "description": "IPv4 or IPv6 address"}
	default:
		switch t.Kind() {
		case reflect.String:
			sc = map[string]any{"type": "string"}
		case reflect.Bool:
			sc = map[string]any{"type": "boolean"}
		case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint32, reflect.Uint64:
			sc = map[string]any{"type": "integer"}
		case reflect.Float32, reflect.Float64:
			sc = map[string]any{"type": "number"}
		case reflect.Slice:
			sc = map[string]any{"type": "array", "items": schemaOf(t.Elem())}
		case reflect.Map:
			sc = map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
			if t.Elem().Kind() == reflect.Interface {
				sc["additionalProperties"] = true
			}
		case reflect.Struct:
			props := map[string]any{}
			var required []string
			structFields(t, props, &required)
			sc = map[string]any{"type": "object", "properties": props}
			if required != nil {
				sc["required"] = required
			}
		default:
			sc = map[string]any{}
		}
	}
	if nullable {
		sc["nullable"] = true
	}
	return sc
}

func structFields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			structFields(f.Type, props, required)
			continue
		}
		if name == "" {
			name = f.Name
		}
		sc := schemaOf(f.Type)
		if d := f.Tag.Get("doc"); d != "" {
			sc["description"] = d
		}
		props[name] = sc
		if !strings.Contains(opts, "omitempty") && f.Type.Kind() != reflect.Pointer {
			*required = append(*required, name)
		}
	}
}
