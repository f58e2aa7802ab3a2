#!/bin/sh
# tests/servers/serve.sh: run cgidump behind a real web server on
# 127.0.0.1, configured the way the README tells an administrator.
#
#	serve.sh start NAME DIR [--basic-auth=USER:HASH] [VAR=value ...]
#	serve.sh stop DIR
#	serve.sh bins NAME
#
# NAME is lighttpd, apache-cgid (mpm_event + mod_cgid), apache-cgi
# (mpm_prefork + mod_cgi), nginx (with fcgiwrap), busybox, mini_httpd or
# python (python3 -m http.server --cgi); or, in front of cgidump's own
# FastCGI or SCGI daemon (started here on DIR/run/cgidump.sock, as nobody
# when root), nginx-fastcgi, nginx-scgi, apache-fcgi (mod_proxy_fcgi),
# caddy-fastcgi or h2o-fastcgi; lighttpd-fastcgi starts cgidump itself
# (bin-path, a listening socket on its fd 0).
#
# start writes the server's configuration into DIR (created when missing,
# else it must be empty; it and its parents must be searchable by
# nobody), DIR/www (the document root; .html files are served as
# text/html) and DIR/www/cgi-bin/cgidump (a copy of $CGIDUMP, else of
# ./cgidump), starts the server on a free port, waits until it answers,
# writes DIR/url and DIR/pids and prints the base URL.  Each VAR=value
# reaches cgidump's environment by the server's own means: Apache SetEnv,
# nginx fastcgi_param, lighttpd setenv.add-environment, else the
# environment of the server process.  Values may not hold a quote, a
# backslash, a dollar sign or a newline.  Every server starts with an
# environment of PATH only.
#
# lighttpd, Apache and nginx are configured with the drop-in files the
# README tells an administrator to install (contrib/lighttpd/
# 50-cgidump.conf, contrib/apache/cgidump.conf, contrib/nginx/
# cgidump.conf), their Debian paths made DIR's: a VAR=value takes the
# "#" off that variable's commented line and puts the value in, and
# --basic-auth=USER:HASH (an htpasswd line) takes it off the password
# lines, with DIR/htpasswd as the password file.
#
# As root, every server runs cgidump as nobody: Apache User, lighttpd
# server.username, nginx's fcgiwrap under setpriv, busybox -u,
# mini_httpd user=, and http.server drops to nobody by itself.
#
# stop ends the processes start started, with their children (each
# server runs in a session of its own), and nothing else.
#
# bins prints the programs NAME needs.  start exits 77 with a one-line
# reason when one of them is missing.

set -u
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
me=serve.sh
contrib=$(cd "$(dirname "$0")/../../contrib" && pwd) || exit 1

die() {
	echo "$me: $*" >&2
	exit 1
}

usage() {
	echo "usage: $me start NAME DIR [--basic-auth=USER:HASH] [VAR=value ...] | stop DIR | bins NAME" >&2
	exit 2
}

bins() {
	case $1 in
	lighttpd)	echo lighttpd ;;
	apache-cgid|apache-cgi) echo apache2 ;;
	nginx)		echo nginx fcgiwrap ;;
	busybox)	echo busybox ;;
	mini_httpd)	echo mini_httpd ;;
	python)		echo python3 ;;
	nginx-fastcgi|nginx-scgi) echo nginx ;;
	apache-fcgi)	echo apache2 ;;
	lighttpd-fastcgi) echo lighttpd ;;
	caddy-fastcgi)	echo caddy ;;
	h2o-fastcgi)	echo h2o ;;
	*)		die "unknown server '$1' (lighttpd, apache-cgid, apache-cgi, nginx, busybox, mini_httpd, python, nginx-fastcgi, nginx-scgi, apache-fcgi, lighttpd-fastcgi, caddy-fastcgi, h2o-fastcgi)" ;;
	esac
}

# Debian's package for a program, for the message when it is missing.
package() {
	case $1 in
	apache2) echo apache2 ;;
	mini_httpd) echo mini-httpd ;;
	*) echo "$1" ;;
	esac
}

check_bins() {
	for b in $(bins "$1") curl setsid; do
		command -v "$b" >/dev/null 2>&1 && continue
		echo "$me: $1 needs $b, which is not installed (apt-get install $(package "$b"))"
		exit 77
	done
	# Python 3.15 has no CGI support left in http.server.
	if [ "$1" = python ] && ! python3 -c \
	    'import http.server; http.server.CGIHTTPRequestHandler' \
	    >/dev/null 2>&1; then
		echo "$me: this python3 has no http.server --cgi (removed in Python 3.15)"
		exit 77
	fi
}

# --- the extra environment -------------------------------------------

# Each VAR=value passed to start, one a line, in $D/env.
check_env() {
	: >"$D/env"
	for kv in "$@"; do
		case ${kv%%=*} in
		''|[0-9]*|*[!A-Za-z0-9_]*) die "not VAR=value: $kv" ;;
		esac
		case $kv in
		*=*) ;;
		*) die "not VAR=value: $kv" ;;
		esac
		case $kv in
		*'"'*|*"'"*|*\\*|*'$'*|*'
'*) die "a value may not hold a quote, a backslash, a dollar sign or a newline: $kv" ;;
		esac
		printf '%s\n' "$kv" >>"$D/env"
	done
}

# env_lines FORMAT: FORMAT (with %s for the name and %s for the value)
# for each VAR=value.
env_lines() {
	while IFS= read -r kv; do
		# shellcheck disable=SC2059
		printf "$1" "${kv%%=*}" "${kv#*=}"
	done <"$D/env"
}

# dropin FILE FENCE-FORMAT SCAFFOLD-RE AUTH-RE: contrib/FILE on stdout,
# as an administrator fills it in: each "#" line of a CGIDUMP_* variable
# in $D/env loses its "#" and gets the value (FENCE-FORMAT, with %s for
# the name and %s for the value); the lines around them that
# SCAFFOLD-RE matches lose theirs when there is any variable; with
# --basic-auth the lines AUTH-RE matches lose theirs.  A variable the file
# has no line for is added after its last one.  Debian's paths become
# $D's (sed below).
dropin() {
	[ -f "$contrib/$1" ] || die "no $contrib/$1"
	sed -e "s|/usr/lib/cgi-bin|$D/www/cgi-bin|g" \
	    -e "s|/usr/lib\$fastcgi_script_name|$D/www\$fastcgi_script_name|g" \
	    -e "s|/run/fcgiwrap.socket|$D/run/fcgiwrap.socket|g" \
	    -e "s|/etc/[a-z0-9]*/cgidump.htpasswd|$D/htpasswd|g" "$contrib/$1" |
	awk -v envf="$D/env" -v fmt="$2" -v scaf="$3" -v authre="$4" \
	    -v auth="$auth" '
	function uncomment(l) { sub(/#/, "", l); return l }
	function indent(l) { l = uncomment(l); match(l, /^[ \t]*/); return substr(l, 1, RLENGTH) }
	function leftovers(ind,   i) {
		for (i = 1; i <= nv; i++)
			if (!(order[i] in used)) {
				printf "%s" fmt "\n", ind, order[i], val[order[i]]
				used[order[i]] = 1
			}
	}
	BEGIN {
		while ((getline kv < envf) > 0) {
			n = index(kv, "=")
			order[++nv] = substr(kv, 1, n - 1)
			val[order[nv]] = substr(kv, n + 1)
		}
	}
	/^[ \t]*#[ \t]*"CGIDUMP_[A-Z_]+"/ || /^[ \t]*#[a-z_A-Z]+ CGIDUMP_[A-Z_]+ / {
		match($0, /CGIDUMP_[A-Z_]+/)
		name = substr($0, RSTART, RLENGTH)
		ind = indent($0)
		infence = 1
		if (name in val) {
			printf "%s" fmt "\n", ind, name, val[name]
			used[name] = 1
		} else
			print
		next
	}
	infence { leftovers(ind); infence = 0 }
	nv > 0 && scaf != "" && $0 ~ scaf { print uncomment($0); next }
	auth != "" && $0 ~ authre { print uncomment($0); next }
	{ print }
	END { if (infence) leftovers(ind) }'
}

# --- ports and processes ---------------------------------------------

# Is something listening on TCP port $1 (IPv4 or IPv6)?
listening() {
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p="$(printf '%04X' "$1")" '
	    $4 == "0A" && substr($2, length($2) - 3) == p { f = 1 }
	    END { exit !f }'
}

free_port() {
	while :; do
		n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		port=$((20000 + n % 40000))
		listening "$port" || return 0
	done
}

# launch CMD...: CMD in a session of its own, with an environment of
# PATH only (and the extra variables when $1 is -e); its pid, which is
# also its process group, goes to $D/pids.
launch() {
	extra=
	if [ "$1" = -e ]; then
		shift
		extra=$(cat "$D/env")
	fi
	# one VAR=value a line, checked above: split on newlines only
	set -f
	oifs=$IFS
	IFS='
'
	# shellcheck disable=SC2086
	setsid env -i PATH="$PATH" $extra "$@" </dev/null >>"$D/server.log" 2>&1 &
	echo $! >>"$D/pids"
	IFS=$oifs
	set +f
}

# Is process $1 running (not gone, not a zombie)?
running() {
	[ -r "/proc/$1/stat" ] &&
	    ! sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | grep -q '^Z'
}

# Does process group $1 still have a process that is not a zombie?
group_running() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v g="$1" '
	    { sub(/^.*\) /, "") }
	    $3 == g && $1 != "Z" { f = 1 }
	    END { exit !f }'
}

alive() {
	for pid in $(cat "$D/pids" 2>/dev/null); do
		running "$pid" || return 1
	done
}

stop() {
	[ -f "$D/pids" ] || return 0
	pids=$(cat "$D/pids")
	for pid in $pids; do
		kill -TERM "-$pid" 2>/dev/null
	done
	i=0
	while [ $i -lt 50 ]; do
		left=
		for pid in $pids; do
			group_running "$pid" && left="$left $pid"
		done
		[ -z "$left" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	for pid in $left; do
		kill -KILL "-$pid" 2>/dev/null
	done
	rm -f "$D/pids"
}

# Wait (10 s at most) until the server hands out this start's own page.
wait_ready() {
	i=0
	while [ $i -lt 100 ]; do
		alive || return 1
		curl -s --max-time 2 "$url/serve-ready.html" 2>/dev/null |
		    grep -qF "$token" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# --- one configuration per server ------------------------------------

start_lighttpd() {
	{
		cat <<-EOF
		server.document-root = "$D/www"
		server.bind = "127.0.0.1"
		server.port = $port
		server.errorlog = "$D/error.log"
		server.upload-dirs = ( "$D/tmp" )
		mimetype.assign = ( ".html" => "text/html; charset=utf-8" )
		EOF
		[ -n "$user" ] && cat <<-EOF
		server.username = "$user"
		server.groupname = "$group"
		EOF
		# The README's snippet (Debian's 10-cgi.conf does the same).
		cat <<-EOF
		server.modules += ( "mod_alias", "mod_cgi" )
		\$HTTP["url"] =~ "^/cgi-bin/" {
		    alias.url += ( "/cgi-bin/" => "$D/www/cgi-bin/" )
		    cgi.assign = ( "" => "" )
		}
		include "$D/50-cgidump.conf"
		EOF
	} >"$D/lighttpd.conf"
	dropin lighttpd/50-cgidump.conf '"%s" => "%s",' \
	    '^#(server\.modules \+= \( "mod_setenv" \)|\$HTTP\["url"\]|[ \t]*setenv\.add-environment|[ \t]*\)$|}$)' \
	    '^#(server\.modules \+= \( "mod_auth"|auth\.|[ \t]+"realm")' \
	    >"$D/50-cgidump.conf" || exit 1
	# lighttpd opens its log after dropping privileges.
	: >"$D/error.log"
	[ -n "$user" ] && chown "$user:$group" "$D/error.log"
	launch lighttpd -D -f "$D/lighttpd.conf"
}

# apache_conf MPM CGI-MODULE
apache_conf() {
	m=/usr/lib/apache2/modules
	{
		cat <<-EOF
		ServerRoot "$D"
		ServerName 127.0.0.1
		Listen 127.0.0.1:$port
		PidFile "$D/run/apache2.pid"
		DefaultRuntimeDir "$D/run"
		ErrorLog "$D/error.log"
		LoadModule mpm_$1_module $m/mod_mpm_$1.so
		LoadModule $2_module $m/mod_$2.so
		LoadModule authz_core_module $m/mod_authz_core.so
		LoadModule alias_module $m/mod_alias.so
		LoadModule mime_module $m/mod_mime.so
		LoadModule env_module $m/mod_env.so
		LoadModule auth_basic_module $m/mod_auth_basic.so
		LoadModule authn_core_module $m/mod_authn_core.so
		LoadModule authn_file_module $m/mod_authn_file.so
		LoadModule authz_user_module $m/mod_authz_user.so
		TypesConfig /dev/null
		AddType "text/html; charset=utf-8" .html
		DocumentRoot "$D/www"
		<Directory "$D/www">
		    Require all granted
		</Directory>
		EOF
		[ "$2" = cgid ] && echo "ScriptSock \"$D/run/cgid.sock\""
		[ -n "$user" ] && printf 'User %s\nGroup %s\n' "$user" "$group"
		# The README's snippet (Debian's serve-cgi-bin.conf does the
		# same), then the drop-in, as a2enconf includes it.
		cat <<-EOF
		ScriptAlias /cgi-bin/ "$D/www/cgi-bin/"
		<Directory "$D/www/cgi-bin">
		    Options +ExecCGI
		    Require all granted
		</Directory>
		Include "$D/cgidump.conf"
		EOF
	} >"$D/apache2.conf"
	dropin apache/cgidump.conf 'SetEnv %s "%s"' '' \
	    '^[ \t]*#(AuthType|AuthName|AuthUserFile|Require valid-user)' \
	    >"$D/cgidump.conf" || exit 1
	launch apache2 -f "$D/apache2.conf" -DFOREGROUND
}

start_apache_cgid() {
	apache_conf event cgid
}

start_apache_cgi() {
	apache_conf prefork cgi
}

start_nginx() {
	# The README says "include fastcgi_params", Debian's file.
	cp /etc/nginx/fastcgi_params "$D/fastcgi_params" ||
	    die "no /etc/nginx/fastcgi_params"
	nginx_conf
	dropin nginx/cgidump.conf 'fastcgi_param %s "%s";' '' \
	    '^[ \t]*#auth_basic' >"$D/cgidump.conf" || exit 1
	# One fcgiwrap process: its prefork workers (-c) outlive a killed
	# parent.  It creates the socket, so $D/run must be its own.  -f as
	# Debian's fcgiwrap.service and init script run it: a CGI's stderr
	# goes over FastCGI to nginx's error_log ("FastCGI sent in stderr").
	# A start tried again on another port (this one was taken) finds
	# the socket the stopped fcgiwrap left, which the new one cannot
	# bind, and nginx would answer 502 to every CGI request.
	rm -f "$D/run/fcgiwrap.socket"
	if [ -n "$user" ]; then
		chown "$user:$group" "$D/run"
		launch setpriv --reuid="$user" --regid="$group" --clear-groups \
		    fcgiwrap -f -s "unix:$D/run/fcgiwrap.socket"
	else
		launch fcgiwrap -f -s "unix:$D/run/fcgiwrap.socket"
	fi
	i=0
	while [ ! -S "$D/run/fcgiwrap.socket" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	launch nginx -p "$D" -c "$D/nginx.conf" -e "$D/error.log"
}

start_busybox() {
	u=
	[ -n "$user" ] && u="-u $user:$group"
	echo "busybox httpd -f -p 127.0.0.1:$port -h $D/www $u" >"$D/command"
	# shellcheck disable=SC2086
	launch -e busybox httpd -f -p "127.0.0.1:$port" -h "$D/www" $u
}

start_mini_httpd() {
	{
		echo host=127.0.0.1
		echo "port=$port"
		echo "dir=$D/www"
		echo 'cgipat=cgi-bin/*'
		echo "logfile=$D/access.log"
		echo "pidfile=$D/run/mini_httpd.pid"
		[ -n "$user" ] && echo "user=$user"
	} >"$D/mini_httpd.conf"
	launch -e mini_httpd -D -C "$D/mini_httpd.conf"
}

start_python() {
	echo "python3 -m http.server --cgi --bind 127.0.0.1 --directory $D/www $port" >"$D/command"
	launch -e python3 -m http.server --cgi --bind 127.0.0.1 \
	    --directory "$D/www" "$port"
}

# --- cgidump's own FastCGI and SCGI modes ---------------------------

# cgidump_daemon MODE: cgidump --MODE on $D/run/cgidump.sock, as an
# administrator runs it (as nobody when root, which then owns the socket
# and $D/run, where the daemon creates it); waits for the socket.
cgidump_daemon() {
	sock=$D/run/cgidump.sock
	# In the program's directory, as a service manager would start it
	# (systemd WorkingDirectory=): RFC 3875 §7.2's directory for CGI.
	here=$(pwd)
	cd "$D/www/cgi-bin" || exit 1
	if [ -n "$user" ]; then
		chown "$user:$group" "$D/run"
		launch setpriv --reuid="$user" --regid="$group" --clear-groups \
		    "$D/www/cgi-bin/cgidump" "--$1" "unix:$sock"
	else
		launch "$D/www/cgi-bin/cgidump" "--$1" "unix:$sock"
	fi
	i=0
	while [ ! -S "$sock" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cd "$here" || exit 1
}

# nginx_conf: nginx.conf serving $D/www, with $D/cgidump.conf (the
# administrator's location block) in its server block.
nginx_conf() {
	{
		cat <<-EOF
		daemon off;
		worker_processes 1;
		pid $D/run/nginx.pid;
		error_log $D/error.log;
		EOF
		[ -n "$user" ] && echo "user $user $group;"
		cat <<-EOF
		events { worker_connections 64; }
		http {
		    access_log off;
		    client_body_temp_path $D/tmp/body;
		    fastcgi_temp_path $D/tmp/fastcgi;
		    proxy_temp_path $D/tmp/proxy;
		    scgi_temp_path $D/tmp/scgi;
		    uwsgi_temp_path $D/tmp/uwsgi;
		    types { text/html html; }
		    charset utf-8;
		    # nginx refuses a body over 1 MiB with 413 unless told.
		    client_max_body_size 0;
		    server {
		        listen 127.0.0.1:$port;
		        root $D/www;
		        # The drop-in, as the README includes it.
		        include $D/cgidump.conf;
		    }
		}
		EOF
	} >"$D/nginx.conf"
}

start_nginx_fastcgi() {
	cp /etc/nginx/fastcgi_params "$D/fastcgi_params" ||
	    die "no /etc/nginx/fastcgi_params"
	{
		cat <<-EOF
		location /cgi-bin/cgidump {
		    fastcgi_split_path_info ^(/cgi-bin/cgidump)(/.*)\$;
		    # Debian's fastcgi_params sets SCRIPT_NAME (from the split).
		    include fastcgi_params;
		    fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
		    fastcgi_param PATH_INFO \$fastcgi_path_info;
		    fastcgi_param HTTP_PROXY "";	# httpoxy: do not pass Proxy:
		    client_max_body_size 0;	# else 413 for a body over 1 MiB
		    fastcgi_pass unix:$D/run/cgidump.sock;
		EOF
		env_lines '    fastcgi_param %s "%s";\n'
		echo '}'
	} >"$D/cgidump.conf"
	nginx_conf
	cgidump_daemon fastcgi
	launch nginx -p "$D" -c "$D/nginx.conf" -e "$D/error.log"
}

start_nginx_scgi() {
	cp /etc/nginx/scgi_params "$D/scgi_params" ||
	    die "no /etc/nginx/scgi_params"
	{
		# scgi_params has no SCRIPT_NAME, PATH_INFO,
		# GATEWAY_INTERFACE nor SERVER_SOFTWARE, and nginx has no
		# scgi_split_path_info: a regex location splits the path.
		cat <<-EOF
		location ~ ^(?<cgidump_script>/cgi-bin/cgidump)(?<cgidump_path>/.*)?\$ {
		    include scgi_params;
		    scgi_param SCRIPT_NAME \$cgidump_script;
		    scgi_param PATH_INFO \$cgidump_path;
		    scgi_param GATEWAY_INTERFACE CGI/1.1;
		    scgi_param SERVER_SOFTWARE nginx/\$nginx_version;
		    scgi_param HTTP_PROXY "";	# httpoxy: do not pass Proxy:
		    client_max_body_size 0;	# else 413 for a body over 1 MiB
		    scgi_pass unix:$D/run/cgidump.sock;
		EOF
		env_lines '    scgi_param %s "%s";\n'
		echo '}'
	} >"$D/cgidump.conf"
	nginx_conf
	cgidump_daemon scgi
	launch nginx -p "$D" -c "$D/nginx.conf" -e "$D/error.log"
}

start_apache_fcgi() {
	m=/usr/lib/apache2/modules
	{
		cat <<-EOF
		ServerRoot "$D"
		ServerName 127.0.0.1
		Listen 127.0.0.1:$port
		PidFile "$D/run/apache2.pid"
		DefaultRuntimeDir "$D/run"
		ErrorLog "$D/error.log"
		LoadModule mpm_event_module $m/mod_mpm_event.so
		LoadModule authz_core_module $m/mod_authz_core.so
		LoadModule mime_module $m/mod_mime.so
		LoadModule env_module $m/mod_env.so
		LoadModule proxy_module $m/mod_proxy.so
		LoadModule proxy_fcgi_module $m/mod_proxy_fcgi.so
		TypesConfig /dev/null
		AddType "text/html; charset=utf-8" .html
		DocumentRoot "$D/www"
		<Directory "$D/www">
		    Require all granted
		</Directory>
		EOF
		[ -n "$user" ] && printf 'User %s\nGroup %s\n' "$user" "$group"
		cat <<-EOF
		<Directory "$D/www/cgi-bin">
		<Files "cgidump">
		    SetHandler "proxy:unix:$D/run/cgidump.sock|fcgi://localhost"
		    AcceptPathInfo On
		EOF
		env_lines '    SetEnv %s "%s"\n'
		echo '</Files>'
		echo '</Directory>'
	} >"$D/apache2.conf"
	cgidump_daemon fastcgi
	launch apache2 -f "$D/apache2.conf" -DFOREGROUND
}

start_lighttpd_fastcgi() {
	{
		cat <<-EOF
		server.document-root = "$D/www"
		server.bind = "127.0.0.1"
		server.port = $port
		server.errorlog = "$D/error.log"
		server.upload-dirs = ( "$D/tmp" )
		mimetype.assign = ( ".html" => "text/html; charset=utf-8" )
		EOF
		[ -n "$user" ] && cat <<-EOF
		server.username = "$user"
		server.groupname = "$group"
		EOF
		# lighttpd starts cgidump itself, a listening socket on its
		# fd 0; "check-local" off: there is no file to look for.
		cat <<-EOF
		server.modules += ( "mod_fastcgi", "mod_setenv" )
		fastcgi.server = ( "/cgi-bin/cgidump" => ((
		    "bin-path" => "$D/www/cgi-bin/cgidump",
		    "socket" => "$D/run/cgidump.sock",
		    "check-local" => "disable",
		    "max-procs" => 1
		)))
		EOF
		if [ -s "$D/env" ]; then
			echo 'setenv.add-environment += ('
			env_lines '    "%s" => "%s",\n'
			echo ')'
		fi
	} >"$D/lighttpd.conf"
	: >"$D/error.log"
	if [ -n "$user" ]; then
		chown "$user:$group" "$D/error.log" "$D/run"
	fi
	launch lighttpd -D -f "$D/lighttpd.conf"
}

start_caddy_fastcgi() {
	{
		cat <<-EOF
		{
		    admin off
		    auto_https off
		    storage file_system $D/tmp/caddy
		}
		http://127.0.0.1:$port {
		    root * $D/www
		    # httpoxy: Caddy passes Proxy: as HTTP_PROXY.
		    request_header -Proxy
		    # "split": SCRIPT_NAME up to it, PATH_INFO after it.
		    reverse_proxy /cgi-bin/cgidump* unix/$D/run/cgidump.sock {
		        transport fastcgi {
		            split /cgi-bin/cgidump
		EOF
		env_lines '            env %s "%s"\n'
		cat <<-EOF
		        }
		    }
		    file_server
		}
		EOF
	} >"$D/Caddyfile"
	cgidump_daemon fastcgi
	# Caddy runs as it is started (root here); only cgidump is nobody.
	launch env HOME="$D/tmp" caddy run --adapter caddyfile \
	    --config "$D/Caddyfile"
}

start_h2o_fastcgi() {
	{
		cat <<-EOF
		listen:
		  host: 127.0.0.1
		  port: $port
		error-log: $D/error.log
		pid-file: $D/run/h2o.pid
		EOF
		[ -n "$user" ] && echo "user: $user"
		cat <<-EOF
		hosts:
		  default:
		    paths:
		      # h2o sets SCRIPT_NAME only for a file handler's
		      # file.custom-handler, which matches extensions: on a
		      # path, SCRIPT_NAME is empty and PATH_INFO the whole
		      # path.  It sets no GATEWAY_INTERFACE: setenv adds it.
		      /cgi-bin/cgidump:
		        fastcgi.connect:
		          port: $D/run/cgidump.sock
		          type: unix
		        setenv:
		          GATEWAY_INTERFACE: CGI/1.1
		EOF
		env_lines '          %s: "%s"\n'
		cat <<-EOF
		      /:
		        file.dir: $D/www
		EOF
	} >"$D/h2o.conf"
	cgidump_daemon fastcgi
	launch h2o -c "$D/h2o.conf"
}

# --- start -----------------------------------------------------------

start() {
	name=$1
	D=$2
	shift 2
	check_bins "$name"
	auth=
	case ${1:-} in
	--basic-auth=*:*)
		auth=${1#*=}
		shift
		case $name in
		lighttpd|apache-*|nginx) ;;
		*) die "$name has no drop-in file with password lines" ;;
		esac ;;
	esac
	cgidump=${CGIDUMP:-./cgidump}
	[ -x "$cgidump" ] || die "no cgidump at $cgidump (build it, or set CGIDUMP)"
	mkdir -p "$D" || exit 1
	D=$(cd "$D" && pwd) || exit 1
	[ -z "$(ls -A "$D")" ] || die "$D is not empty"
	check_env "$@"
	mkdir -p "$D/www/cgi-bin" "$D/run" "$D/tmp" || exit 1
	chmod 755 "$D" "$D/www" "$D/www/cgi-bin"
	cp "$cgidump" "$D/www/cgi-bin/cgidump" || exit 1
	chmod 755 "$D/www/cgi-bin/cgidump"
	if [ -n "$auth" ]; then
		printf '%s\n' "$auth" >"$D/htpasswd"
		chmod 644 "$D/htpasswd"
	fi
	# mini_httpd builds a CGI's environment from scratch: settings go
	# in the README's wrapper script, which execs the real program.
	if [ "$name" = mini_httpd ] && [ -s "$D/env" ]; then
		mkdir -p "$D/bin" && chmod 755 "$D/bin" || exit 1
		mv "$D/www/cgi-bin/cgidump" "$D/bin/cgidump" || exit 1
		{
			echo '#!/bin/sh'
			echo 'unset PWD'
			env_lines "export %s='%s'\n"
			echo "exec $D/bin/cgidump \"\$@\""
		} >"$D/www/cgi-bin/cgidump"
		chmod 755 "$D/www/cgi-bin/cgidump"
	fi
	token=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
	printf '<!DOCTYPE html>\n<title>%s</title>\n' "$token" \
	    >"$D/www/serve-ready.html"
	chmod 644 "$D/www/serve-ready.html"
	user=
	group=
	if [ "$(id -u)" = 0 ]; then
		user=nobody
		group=$(id -gn nobody) || die "no user nobody"
		chown "$user:$group" "$D/tmp"
		setpriv --reuid="$user" --regid="$group" --clear-groups \
		    test -x "$D/www/cgi-bin/cgidump" ||
		    die "nobody cannot reach $D/www/cgi-bin/cgidump: make $D and its parents searchable by all"
	fi
	tries=0
	while :; do
		free_port
		url=http://127.0.0.1:$port
		"start_$(echo "$name" | tr - _)"
		wait_ready && break
		stop
		tries=$((tries + 1))
		if [ $tries -ge 3 ]; then
			tail -n 20 "$D/server.log" "$D/error.log" 2>/dev/null >&2
			die "$name did not answer on $url"
		fi
	done
	echo "$url" >"$D/url"
	echo "$url"
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case $cmd in
start)
	[ $# -ge 2 ] || usage
	start "$@" ;;
stop)
	[ $# -eq 1 ] || usage
	[ -d "$1" ] || exit 0
	D=$1
	stop ;;
bins)
	[ $# -eq 1 ] || usage
	bins "$1" ;;
*)
	usage ;;
esac
