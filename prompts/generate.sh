#!/bin/sh
# generate.sh makes the default prompt set of the PBX with espeak-ng and sox:
# 8 kHz mono WAV files, μ-law for English (prompts/en), A-law for Mandarin (prompts/zh),
# plus a short queue-music file (prompts/music). Run it from anywhere:
#
#     apt-get install -y espeak-ng sox
#     prompts/generate.sh
#
# Each prompt's text is in the tables below; the file name is the prompt name that
# package dsp/prompt and the call core use. The output is deterministic for one
# espeak-ng/sox version, so the committed files only change when the text does.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v espeak-ng >/dev/null || { echo "generate.sh: espeak-ng not installed (apt-get install -y espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "generate.sh: sox not installed (apt-get install -y sox)" >&2; exit 1; }

# say LANG VOICE SPEED ENCODING NAME TEXT
say() {
	lang=$1 voice=$2 speed=$3 enc=$4 name=$5 text=$6
	mkdir -p "$here/$lang"
	espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "$text"
	# Telephone band, peak at -3 dBFS (active speech near -20 dBm0), 8 kHz, companded.
	sox "$tmp/raw.wav" -r 8000 -c 1 -e "$enc" -b 8 "$here/$lang/$name.wav" \
		gain -6 highpass 250 lowpass 3400 silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse \
		pad 0.05 0.1 gain -n -3
}

en() { say en en-us 155 u-law "$1" "$2"; }
zh() { say zh cmn-latn-pinyin 150 a-law "$1" "$2"; }

# English
en welcome "Welcome. Dial an extension, or 0 for the operator."
en invalid "That number is not valid. Please try again."
en restricted "Call restricted."
en agent "Agent"
en at-your-service "at your service."
en you-are-number "You are number"
en in-the-queue "in the queue."
en please-hold "Please hold. All our agents are busy."
en rate "Press 1 if you were satisfied, 0 if not."
en thanks "Thank you."
en after-hours "Our office is closed. Please call again during working hours."
en goodbye "Goodbye."
en vm-greeting "The person you are calling is not available. Please leave a message after the tone."
en vm-enter-pin "Please enter your PIN, then press pound."
en vm-wrong-pin "Incorrect PIN."
en vm-you-have "You have"
en vm-new-messages "new messages."
en vm-no-messages "You have no new messages."
en vm-menu "Press 1 to listen, 7 to delete, 9 to save, 0 to record your greeting, or star to exit."
en vm-deleted "Message deleted."
en vm-saved "Message saved."
en vm-end "End of messages."
en vm-box "Please enter the mailbox number, then press pound."
en vm-record-greeting "Record your greeting after the tone, then press pound."
en vm-greeting-saved "Your greeting is saved."
en vm-full "The mailbox is full."
en busy "The extension you called is busy. Please call again later."
en noanswer "There is no answer. Please call again later."
en other-number "For urgent matters, please call"
i=0
for w in zero one two three four five six seven eight nine; do
	en "$i" "$w"
	i=$((i + 1))
done

# Mandarin. espeak-ng's cmn dictionary lacks most characters, so the text is given in
# pinyin with tone numbers (voice cmn-latn-pinyin); the characters are in the comments.
zh welcome "huan1 ying2 zhi4 dian4. qing3 bo1 fen1 ji1 hao4, ren2 gong1 fu2 wu4 qing3 bo1 ling2." # 欢迎致电。请拨分机号，人工服务请拨零。
zh invalid "nin2 bo1 de5 hao4 ma3 wu2 xiao4, qing3 chong2 bo1."                                   # 您拨的号码无效，请重拨。
zh restricted "hu1 jiao4 shou4 xian4."                                                              # 呼叫受限。
zh agent "gong1 hao4"                                                                               # 工号
zh at-your-service "wei4 nin2 fu2 wu4."                                                             # 为您服务。
zh you-are-number "nin2 pai2 zai4 di4"                                                              # 您排在第
zh in-the-queue "wei4, qing3 shao1 hou4."                                                           # 位，请稍候。
zh please-hold "zuo4 xi2 mang2, qing3 shao1 hou4."                                                  # 座席忙，请稍候。
zh rate "man3 yi4 qing3 an4 yi1, bu4 man3 yi4 qing3 an4 ling2."                                     # 满意请按一，不满意请按零。
zh thanks "xie4 xie5."                                                                              # 谢谢。
zh after-hours "xian4 zai4 shi4 fei1 gong1 zuo4 shi2 jian1, qing3 zai4 gong1 zuo4 shi2 jian1 zai4 bo1." # 现在是非工作时间，请在工作时间再拨。
zh goodbye "zai4 jian4."                                                                            # 再见。
zh vm-greeting "nin2 hu1 jiao4 de5 yong4 hu4 bu2 zai4, qing3 zai4 ti2 shi4 yin1 hou4 liu2 yan2."    # 您呼叫的用户不在，请在提示音后留言。
zh vm-enter-pin "qing3 shu1 ru4 mi4 ma3, yi3 jing3 hao4 jian4 jie2 shu4."                          # 请输入密码，以井号键结束。
zh vm-wrong-pin "mi4 ma3 cuo4 wu4."                                                                 # 密码错误。
zh vm-you-have "nin2 you3"                                                                          # 您有
zh vm-new-messages "tiao2 xin1 liu2 yan2."                                                          # 条新留言。
zh vm-no-messages "nin2 mei2 you3 xin1 liu2 yan2."                                                  # 您没有新留言。
zh vm-menu "shou1 ting1 qing3 an4 yi1, shan1 chu2 qing3 an4 qi1, bao3 cun2 qing3 an4 jiu3, lu4 zhi4 wen4 hou4 yu3 qing3 an4 ling2, tui4 chu1 qing3 an4 xing1 hao4 jian4." # 收听请按一，删除请按七，保存请按九，录制问候语请按零，退出请按星号键。
zh vm-deleted "liu2 yan2 yi3 shan1 chu2."                                                           # 留言已删除。
zh vm-saved "liu2 yan2 yi3 bao3 cun2."                                                              # 留言已保存。
zh vm-end "liu2 yan2 bo1 fang4 wan2 bi4."                                                           # 留言播放完毕。
zh vm-record-greeting "qing3 zai4 ti2 shi4 yin1 hou4 lu4 zhi4 wen4 hou4 yu3, yi3 jing3 hao4 jian4 jie2 shu4."   # 请在提示音后录制问候语，以井号键结束。
zh vm-greeting-saved "wen4 hou4 yu3 yi3 bao3 cun2."                                                 # 问候语已保存。
zh vm-box "qing3 shu1 ru4 xin4 xiang1 hao4, yi3 jing3 hao4 jian4 jie2 shu4."                      # 请输入信箱号，以井号键结束。
zh vm-full "xin4 xiang1 yi3 man3."                                                                  # 信箱已满。
zh busy "nin2 bo1 da3 de5 fen1 ji1 zheng4 mang2, qing3 shao1 hou4 zai4 bo1."                       # 您拨打的分机正忙，请稍后再拨。
zh noanswer "wu2 ren2 jie1 ting1, qing3 shao1 hou4 zai4 bo1."                                       # 无人接听，请稍后再拨。
zh other-number "ru2 you3 ji2 shi4, qing3 bo1 da3"                                                  # 如有急事，请拨打
zh ten "shi2"                                                                                       # 十
i=0
for w in ling2 yi1 er4 san1 si4 wu3 liu4 qi1 ba1 jiu3; do # 零一二三四五六七八九
	zh "$i" "$w"
	i=$((i + 1))
done

# The voicemail beep (both languages): 1 kHz, 400 ms, -10 dBm0 class.
for lang in en zh; do
	enc=u-law
	[ "$lang" = zh ] && enc=a-law
	sox -n -r 8000 -c 1 -e "$enc" -b 8 "$here/$lang/vm-beep.wav" synth 0.4 sine 1000 gain -12
done

# Queue music: 12 s of a plucked chord progression (C, Am, F, G), in each language's
# directory as queue-music.
n=0
for chord in "C4 E4 G4" "A3 C4 E4" "F3 A3 C4" "G3 B3 D4"; do
	for beat in 1 2 3; do
		set -- $chord
		sox -n -r 8000 -c 1 -b 16 "$tmp/n$n.wav" synth 1 pluck "$1" pluck "$2" pluck "$3" remix - gain -n -12 fade 0 1 0.3
		n=$((n + 1))
	done
done
sox "$tmp"/n0.wav "$tmp"/n1.wav "$tmp"/n2.wav "$tmp"/n3.wav "$tmp"/n4.wav "$tmp"/n5.wav \
	"$tmp"/n6.wav "$tmp"/n7.wav "$tmp"/n8.wav "$tmp"/n9.wav "$tmp"/n10.wav "$tmp"/n11.wav "$tmp/music.wav"
sox "$tmp/music.wav" -r 8000 -c 1 -e u-law -b 8 "$here/en/queue-music.wav"
sox "$tmp/music.wav" -r 8000 -c 1 -e a-law -b 8 "$here/zh/queue-music.wav"
echo "generate.sh: prompts written under $here"
