// Widely published most-common passwords (lower-cased). Passwords on this list are refused outright.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football monkey
letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777
121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew
tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer
michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess
joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder
taylor matrix mobilemail mom monitor monitoring montana moon moscow passw0rd password1 password123 password12
p@ssw0rd p@ssword welcome welcome1 welcome123 admin admin123 administrator root toor letmein1 qwerty123 qwerty1
1q2w3e4r 1q2w3e4r5t 1qaz2wsx3edc zaq12wsx q1w2e3r4 q1w2e3r4t5 asdf1234 abcd1234 abcdef abcdefg abcdefgh 12341234
11223344 123654 147258369 159357 147258 789456123 789456 456789 987654 00000000 88888888 99999999 12121212 1234qwer
qwer1234 qwertyui asdfghjk asdfghjkl zxcvbnm1 iloveyou1 iloveyou2 loveme lovely secret secret1 sunshine1 princess1
football1 baseball1 superman1 batman1 dragon1 monkey1 shadow1 master1 michael1 jordan23 trustno11 starwars1
changeme changeme1 default guest login letmein! 123456a 123456aa a123456 a12345678 aa123456 aa12345678 1234abcd
test test123 testing tester hello hello123 hello1 whatever nothing internet samsung apple google facebook
linkedin twitter microsoft windows linux ubuntu oracle database server summer2024 summer2025 summer2026 winter2024
winter2025 winter2026 spring2025 spring2026 autumn2025 autumn2026 fall2025 fall2026 january february march april
june july august september october november december monday friday sunday qwerty12 qwerty1234 abc12345 abc123456
123abc 123qweasd qweasdzxc qweasd 1qazxsw2 zaq1xsw2 1q2w3e 1q2w3e4r5t6y 123456789a 12345678a 12345qwert 1234554321
0987654321 123456789012 5201314 666666666 888888 999999 11111 22222222 33333333 55555555 66666666 77777777 18atcskd2w
3rjs1la7qe 91cxbiaw 1v7upjw3nt jacket25 mynoob unknown liverpool arsenal chelsea1 barcelona realmadrid juventus
pokemon naruto minecraft fortnite roblox blink182 metallica nirvana eminem gandalf merlin phoenix diamond silver
golden orange purple yellow banana cookie chocolate butterfly flower angel angels jesus jesus1 christ blessed
heaven hunter2 ninja hannah jasmine jessica1 michelle1 ashley1 nicole1 daniel1 andrew1 joshua1 matthew1 robert1
william thomas1 jennifer1 charlie1 anthony justin tigger1 soccer1 hockey1 basketball wrestling golfer tennis
university student college school teacher bitflow bitflow123 portal portal123 qwertz azerty motdepasse passwort
contraseña senha parola`
    .split(/\s+/)
    .filter(Boolean),
);
