// Leak messages: one sentence naming the object as the student's code named
// it (keys in decimal, as assignments give them) and the call that removes
// it. Report writers make the text visible; nothing is escaped here.
#include <fmt/format.h>

#include "observe/ipc_objects.h"

namespace ipcgrade::observe {

namespace {

std::string count_of(std::uint64_t n, const char* noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

// "key 0 (IPC_PRIVATE, id 5" or "key 1234 (id 5": the opening of every
// System V description.
std::string sysv_head(const IpcObject& object) {
  return fmt::format("key {} ({}id {}", object.key, object.key == 0 ? "IPC_PRIVATE, " : "",
                     object.id);
}

// "msgq_sender, pid 123" when the pid is one of the test's programs.
std::string who(pid_t pid, const PidNames& programs) {
  const auto it = programs.find(pid);
  if (it == programs.end()) return fmt::format("pid {}", pid);
  return fmt::format("{}, pid {}", it->second, pid);
}

std::string sysv_shm_message(const IpcObject& object, const PidNames& programs) {
  std::string creator;
  if (object.creator > 0) creator = ", created by " + who(object.creator, programs);
  return fmt::format(
      "System V shared memory segment {}, {}{}) was not removed — call shmctl(id, "
      "IPC_RMID, NULL)",
      sysv_head(object), count_of(object.bytes, "byte"), creator);
}

// Only a sender that was one of the test's programs is named: the bare pid
// of a process that has exited tells a student nothing.
std::string sysv_msg_message(const IpcObject& object, const PidNames& programs) {
  std::string sender;
  if (object.last_user > 0 && programs.count(object.last_user))
    sender = ", last message sent by " + who(object.last_user, programs);
  std::string holds;
  if (object.messages > 0) holds = " still holds " + count_of(object.messages, "message") + " and";
  return fmt::format(
      "System V message queue {}{}){} was not removed — call msgctl(id, IPC_RMID, NULL)",
      sysv_head(object), sender, holds);
}

std::string sysv_sem_message(const IpcObject& object) {
  return fmt::format(
      "System V semaphore set {}, {}) was not removed — call semctl(id, 0, IPC_RMID)",
      sysv_head(object), count_of(static_cast<std::uint64_t>(object.nsems), "semaphore"));
}

std::string posix_mq_message(const IpcObject& object) {
  std::string holds;
  if (object.messages > 0) holds = " (" + count_of(object.messages, "message") + ")";
  return fmt::format("POSIX message queue \"{}\"{} was not removed — call mq_unlink()", object.name,
                     holds);
}

std::string left_where(const IpcObject& object) {
  return object.in_working_dir ? "was left in the working directory" : "was left behind";
}

}  // namespace

std::string leak_message(const IpcObject& object) { return leak_message(object, PidNames{}); }

std::string leak_message(const IpcObject& object, const PidNames& programs) {
  switch (object.kind) {
    case spec::LeakKind::sysv_shm:
      return sysv_shm_message(object, programs);
    case spec::LeakKind::sysv_msg:
      return sysv_msg_message(object, programs);
    case spec::LeakKind::sysv_sem:
      return sysv_sem_message(object);
    case spec::LeakKind::posix_shm:
      return fmt::format("POSIX shared memory \"{}\" ({}) was not removed — call shm_unlink()",
                         object.name, count_of(object.bytes, "byte"));
    case spec::LeakKind::posix_sem:
      return fmt::format("named semaphore \"{}\" was not removed — call sem_unlink()", object.name);
    case spec::LeakKind::posix_mq:
      return posix_mq_message(object);
    case spec::LeakKind::fifo:
      return fmt::format("FIFO \"{}\" {} — remove it with unlink()", object.name,
                         left_where(object));
    case spec::LeakKind::socket:
      return fmt::format("socket file \"{}\" {} — unlink() it before exiting", object.name,
                         left_where(object));
    case spec::LeakKind::process:
    case spec::LeakKind::zombie:
      break;
  }
  return fmt::format("\"{}\" was left behind", object.name);
}

}  // namespace ipcgrade::observe
